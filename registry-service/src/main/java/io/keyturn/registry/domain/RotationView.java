package io.keyturn.registry.domain;

import java.time.Instant;

/**
 * What the registry knows of a device's key chain, from {@code keyturn.rotations}: the newest generation issued,
 * the newest confirmed, and where the newest rotation stands ({@code idle}, {@code issued}, {@code published},
 * {@code failed}).
 */
public record RotationView(Long generation, Long confirmedGeneration, String rotationState, Instant lastRotationAt,
                           Instant confirmedAt) {

    public static final RotationView NONE = new RotationView(null, null, "idle", null, null);
}
