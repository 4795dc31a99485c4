package io.keyturn.events;

import com.fasterxml.jackson.core.JsonGenerator;
import io.keyturn.events.internal.AsciiJson;
import java.io.IOException;

/**
 * A payload that writes its own JSON object instead of going through Jackson's bean serializer: for the events a
 * service writes tens of thousands of times a second (delivery's fetch log), where the serializer's reflection was a
 * quarter of the time an event cost. It must write exactly the bytes the bean serializer writes under
 * {@link EventJson}'s rules; DirectJsonTest compares the two for every implementation. Most such events need no
 * escaping at all, and then the codec writes them without a generator ({@link #writeFields}).
 */
public interface DirectJson {

    /** Writes this payload as one JSON object. */
    void writeJson(JsonGenerator generator) throws IOException;

    /**
     * Writes this payload's fields (not the braces) as {@link #writeJson} would, when no value needs escaping; the
     * writer notes a value that does, and the codec then writes the whole event with {@link #writeJson}.
     */
    void writeFields(AsciiJson json);
}
