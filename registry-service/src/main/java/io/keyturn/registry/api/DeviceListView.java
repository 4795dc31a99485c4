package io.keyturn.registry.api;

import java.util.List;

/** One page of devices; {@code nextCursor} is null on the last page. */
public record DeviceListView(List<DeviceView> items, String nextCursor) {
}
