package io.keyturn.events;

import io.keyturn.events.EventContractException.Reason;
import io.keyturn.events.delivery.DeliveryCertificateExpiring;
import io.keyturn.events.delivery.DeliveryDenied;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryRetiredPathHit;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.DeviceUpdated;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.events.template.TemplatePublished;
import io.keyturn.events.rotation.RotationRetired;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of the contract: every event type, at every schema version this library reads, with
 * its payload record and topic. Producers always write the version listed for the record's class.
 */
public final class EventTypes {

    /** {@code keyturn.device.registered}, schema v1. */
    public static final EventType<DeviceRegistered> DEVICE_REGISTERED =
            new EventType<>("keyturn.device.registered", DeviceRegistered.class, Topics.DEVICES, 1);
    /** {@code keyturn.device.updated}, schema v1. */
    public static final EventType<DeviceUpdated> DEVICE_UPDATED =
            new EventType<>("keyturn.device.updated", DeviceUpdated.class, Topics.DEVICES, 1);
    /** {@code keyturn.device.decommissioned}, schema v1. */
    public static final EventType<DeviceDecommissioned> DEVICE_DECOMMISSIONED =
            new EventType<>("keyturn.device.decommissioned", DeviceDecommissioned.class, Topics.DEVICES, 1);
    /** {@code keyturn.template.published}, schema v1; keyed by template id, not by MAC. */
    public static final EventType<TemplatePublished> TEMPLATE_PUBLISHED =
            new EventType<>("keyturn.template.published", TemplatePublished.class, Topics.DEVICES, 1);

    /** {@code keyturn.rotation.requested}, schema v1. */
    public static final EventType<RotationRequested> ROTATION_REQUESTED =
            new EventType<>("keyturn.rotation.requested", RotationRequested.class, Topics.ROTATIONS, 1);
    /** {@code keyturn.rotation.issued}, schema v1. */
    public static final EventType<RotationIssued> ROTATION_ISSUED =
            new EventType<>("keyturn.rotation.issued", RotationIssued.class, Topics.ROTATIONS, 1);
    /** {@code keyturn.rotation.published}, schema v1. */
    public static final EventType<RotationPublished> ROTATION_PUBLISHED =
            new EventType<>("keyturn.rotation.published", RotationPublished.class, Topics.ROTATIONS, 1);
    /** {@code keyturn.rotation.confirmed}, schema v1. */
    public static final EventType<RotationConfirmed> ROTATION_CONFIRMED =
            new EventType<>("keyturn.rotation.confirmed", RotationConfirmed.class, Topics.ROTATIONS, 1);
    /** {@code keyturn.rotation.retired}, schema v1. */
    public static final EventType<RotationRetired> ROTATION_RETIRED =
            new EventType<>("keyturn.rotation.retired", RotationRetired.class, Topics.ROTATIONS, 1);
    /** {@code keyturn.rotation.failed}, schema v1. */
    public static final EventType<RotationFailed> ROTATION_FAILED =
            new EventType<>("keyturn.rotation.failed", RotationFailed.class, Topics.ROTATIONS, 1);

    /** {@code keyturn.profile.published}, schema v1. */
    public static final EventType<ProfilePublished> PROFILE_PUBLISHED =
            new EventType<>("keyturn.profile.published", ProfilePublished.class, Topics.PROFILES, 1);
    /** {@code keyturn.profile.withdrawn}, schema v1. */
    public static final EventType<ProfileWithdrawn> PROFILE_WITHDRAWN =
            new EventType<>("keyturn.profile.withdrawn", ProfileWithdrawn.class, Topics.PROFILES, 1);

    /** {@code keyturn.delivery.fetched}, schema v1. */
    public static final EventType<DeliveryFetched> DELIVERY_FETCHED =
            new EventType<>("keyturn.delivery.fetched", DeliveryFetched.class, Topics.DELIVERIES, 1);
    /** {@code keyturn.delivery.denied}, schema v1. */
    public static final EventType<DeliveryDenied> DELIVERY_DENIED =
            new EventType<>("keyturn.delivery.denied", DeliveryDenied.class, Topics.DELIVERIES, 1);
    /** {@code keyturn.delivery.retired-path-hit}, schema v1. */
    public static final EventType<DeliveryRetiredPathHit> DELIVERY_RETIRED_PATH_HIT =
            new EventType<>("keyturn.delivery.retired-path-hit", DeliveryRetiredPathHit.class, Topics.DELIVERIES, 1);
    /** {@code keyturn.delivery.certificate-expiring}, schema v1. */
    public static final EventType<DeliveryCertificateExpiring> DELIVERY_CERTIFICATE_EXPIRING =
            new EventType<>("keyturn.delivery.certificate-expiring", DeliveryCertificateExpiring.class,
                    Topics.DELIVERIES, 1);

    private static final List<EventType<?>> ALL = List.of(
            DEVICE_REGISTERED, DEVICE_UPDATED, DEVICE_DECOMMISSIONED, TEMPLATE_PUBLISHED,
            ROTATION_REQUESTED, ROTATION_ISSUED, ROTATION_PUBLISHED, ROTATION_CONFIRMED, ROTATION_RETIRED,
            ROTATION_FAILED,
            PROFILE_PUBLISHED, PROFILE_WITHDRAWN,
            DELIVERY_FETCHED, DELIVERY_DENIED, DELIVERY_RETIRED_PATH_HIT, DELIVERY_CERTIFICATE_EXPIRING);

    private static final Map<Class<?>, EventType<?>> BY_CLASS = new LinkedHashMap<>();
    private static final Map<String, EventType<?>> BY_SCHEMA = new LinkedHashMap<>();

    static {
        for (EventType<?> t : ALL) {
            if (BY_CLASS.put(t.dataClass(), t) != null || BY_SCHEMA.put(t.dataschema().toString(), t) != null) {
                throw new IllegalStateException("duplicate registration: " + t);
            }
        }
    }

    private EventTypes() {
    }

    /** Every registered type and version, grouped by topic in the order of DESIGN.md §4. */
    public static List<EventType<?>> all() {
        return ALL;
    }

    /** The types published to {@code topic}, in registry order; empty for an unknown topic. */
    public static List<EventType<?>> onTopic(String topic) {
        return ALL.stream().filter(t -> t.topic().equals(topic)).toList();
    }

    /** Whether {@code type} names a registered type at any version. */
    public static boolean isKnown(String type) {
        return ALL.stream().anyMatch(t -> t.type().equals(type));
    }

    /** The entry for a type at the schema version that {@code dataschema} names, if registered. */
    public static Optional<EventType<?>> find(String type, URI dataschema) {
        EventType<?> t = BY_SCHEMA.get(dataschema.toString());
        return t != null && t.type().equals(type) ? Optional.of(t) : Optional.empty();
    }

    /**
     * The entry a producer uses for a payload record.
     *
     * @throws EventContractException {@code unknown-type} for a class that is not a registered payload
     */
    @SuppressWarnings("unchecked")
    public static <T extends EventData> EventType<T> of(Class<T> dataClass) {
        EventType<?> t = BY_CLASS.get(dataClass);
        if (t == null) {
            throw new EventContractException(Reason.UNKNOWN_TYPE,
                    dataClass.getName() + " is not a registered event payload");
        }
        return (EventType<T>) t;
    }
}
