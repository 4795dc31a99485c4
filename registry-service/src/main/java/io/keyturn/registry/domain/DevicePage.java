package io.keyturn.registry.domain;

import java.util.List;

/** One page of a device list, and the MAC after which the next page starts (null on the last page). */
public record DevicePage(List<Device> items, String nextAfter) {
}
