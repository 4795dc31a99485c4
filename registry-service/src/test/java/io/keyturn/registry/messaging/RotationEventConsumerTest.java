package io.keyturn.registry.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventData;
import io.keyturn.events.EventRecord;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.Sources;
import io.keyturn.events.rotation.RotationCause;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.events.rotation.RotationRetired;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RotationEventConsumerTest {

    private static final String MAC = "0200000000a1";
    private static final KeyFingerprint FP = KeyFingerprint.of("k".toCharArray());
    private static final Instant AT = Instant.parse("2026-11-27T12:00:00Z");

    /** Records what it is handed; refuses every batch of more than one event when told to. */
    private static final class RecordingHandler extends RotationEventHandler {
        final List<List<CloudEvent<?>>> calls = new ArrayList<>();
        final boolean refuseBatches;

        RecordingHandler(boolean refuseBatches) {
            super(null, null);
            this.refuseBatches = refuseBatches;
        }

        @Override
        public void handleAll(List<CloudEvent<?>> events) {
            if (refuseBatches && events.size() > 1) {
                throw new IllegalStateException("deadlock detected");
            }
            calls.add(List.copyOf(events));
        }
    }

    private static CloudEvent<?> event(EventData data) {
        return CloudEvent.of(UUID.randomUUID(), Sources.CRYPTO_SERVICE, AT, data);
    }

    private static List<ConsumerRecord<String, byte[]>> records(Object... eventsOrGarbage) {
        CloudEventCodec codec = new CloudEventCodec();
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (Object o : eventsOrGarbage) {
            long offset = records.size();
            if (o instanceof CloudEvent<?> e) {
                EventRecord r = codec.encode(e);
                ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(r.topic(), 0, offset, r.key(), r.value());
                r.headers().forEach((k, v) -> record.headers().add(k, v));
                records.add(record);
            } else {
                records.add(new ConsumerRecord<>("keyturn.rotations", 0, offset, "garbage",
                        ((String) o).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return records;
    }

    @Test
    void handsOverTheEventsTheReadModelUsesAsOneBatchSkippingGarbageAndIgnoredTypes() {
        CloudEvent<?> issued = event(new RotationIssued(MAC, 2, null, FP, null, AT));
        CloudEvent<?> published = event(new RotationPublished(MAC, 2, null, FP, AT));
        CloudEvent<?> failed = event(new RotationFailed(MAC, 2L, null, FP, RotationFailureReason.CONFIRMATION_TIMEOUT,
                "no fetch", UUID.randomUUID(), AT));
        RecordingHandler handler = new RecordingHandler(false);

        new RotationEventConsumer(handler).consume(records(
                event(new RotationRequested(MAC, 1L, RotationCause.MANUAL, "oscar", null, AT)),
                issued,
                "{not json",
                published,
                event(new RotationRetired(MAC, 1, null, FP, 2, AT)),
                event(new RotationFailed(MAC, null, null, null, RotationFailureReason.SUPERSEDED, "overtaken",
                        UUID.randomUUID(), AT)),
                failed));

        assertThat(handler.calls).containsExactly(List.of(issued, published, failed));
    }

    @Test
    void aBatchOfIgnoredEventsAndGarbageReachesNoHandler() {
        RecordingHandler handler = new RecordingHandler(false);

        new RotationEventConsumer(handler).consume(records(
                event(new RotationRequested(MAC, 1L, RotationCause.MANUAL, "oscar", null, AT)),
                "{not json",
                event(new RotationRetired(MAC, 1, null, FP, 2, AT))));

        assertThat(handler.calls).isEmpty();
    }

    @Test
    void appliesEachEventAloneAndInOrderWhenTheBatchFails() {
        CloudEvent<?> issued = event(new RotationIssued(MAC, 2, null, FP, null, AT));
        CloudEvent<?> published = event(new RotationPublished(MAC, 2, null, FP, AT));
        CloudEvent<?> confirmed = event(new RotationConfirmed(MAC, 2, null, FP, AT));
        RecordingHandler handler = new RecordingHandler(true);

        new RotationEventConsumer(handler).consume(records(issued, "{not json", published, confirmed));

        assertThat(handler.calls).containsExactly(List.of(issued), List.of(published), List.of(confirmed));
    }
}
