package io.keyturn.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The {@code data} of a keyturn CloudEvent: one immutable record per event type, listed in
 * {@link EventTypes}. Every implementation validates its fields when it is built, so an instance
 * that exists is a valid event, whether a producer made it or a consumer read it.
 */
public interface EventData {

    /**
     * The CloudEvent {@code subject}, which is also the Kafka record key: the device MAC (12
     * lowercase hex digits). The one exception is a file that belongs to no device (a stage-0
     * file, or a fetch of one by a device whose MAC is unknown): its subject is the file's path,
     * so all events about that file still land on one partition in order.
     */
    @JsonIgnore
    String subject();
}
