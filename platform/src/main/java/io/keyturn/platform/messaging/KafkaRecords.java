package io.keyturn.platform.messaging;

import io.keyturn.events.EventRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Kafka's records as the event codec reads them. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    /** The record's topic, key, headers and value; of a header name repeated, the last value wins, as the binding says. */
    public static EventRecord toEventRecord(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        return new EventRecord(record.topic(), record.key(), headers, record.value());
    }
}
