package io.keyturn.events;

/**
 * The CloudEvent {@code source} of each keyturn service: {@code /keyturn/<service>}. Consumers may
 * see other sources under {@code /keyturn/} as services are added; they must not rely on this list
 * being complete.
 */
public final class Sources {
    /** Emits {@code keyturn.device.*}. */
    public static final String REGISTRY_SERVICE = "/keyturn/registry-service";
    /** Emits {@code keyturn.profile.*} and the issued, published, retired and failed rotation events. */
    public static final String CRYPTO_SERVICE = "/keyturn/crypto-service";
    /** Emits {@code keyturn.rotation.requested}, and {@code .failed} for rotations it gives up on. */
    public static final String ROTATION_SCHEDULER = "/keyturn/rotation-scheduler";
    /** Emits {@code keyturn.delivery.*} and {@code keyturn.rotation.confirmed}. */
    public static final String DELIVERY_SERVICE = "/keyturn/delivery-service";

    private Sources() {
    }
}
