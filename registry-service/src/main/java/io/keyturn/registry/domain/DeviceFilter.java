package io.keyturn.registry.domain;

import java.time.Instant;

/**
 * Which devices a list shows; every field is optional. {@code unconfirmedBefore}: devices whose newest generation is
 * not confirmed (or that never confirmed one) since before that instant.
 */
public record DeviceFilter(String groupPrefix, String model, DeviceState state, String tenant,
                           Instant unconfirmedBefore) {

    public static final DeviceFilter ALL = new DeviceFilter(null, null, null, null, null);
}
