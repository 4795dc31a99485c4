package io.keyturn.events;

/** The Kafka topics of the public event contract; every record is keyed by the device MAC. */
public final class Topics {
    /** Device lifecycle: registered, updated, decommissioned. */
    public static final String DEVICES = "keyturn.devices";
    /** Rotation lifecycle: requested, issued, published, confirmed, retired, failed. */
    public static final String ROTATIONS = "keyturn.rotations";
    /** Files to publish or withdraw, with their ciphertext. */
    public static final String PROFILES = "keyturn.profiles";
    /** Fetches, denials and retired-path hits seen by delivery. */
    public static final String DELIVERIES = "keyturn.deliveries";

    private Topics() {
    }
}
