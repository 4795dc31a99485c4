package io.keyturn.crypto.messaging;

import io.keyturn.crypto.domain.EventSink;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.EventData;
import io.keyturn.events.Sources;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.platform.outbox.OutboxWriter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** Emits the domain's events through the transactional outbox, and counts rotation steps for the dashboard. */
@ApplicationScoped
public class OutboxEventSink implements EventSink {

    private static final String ROTATION_PREFIX = "keyturn.rotation.";

    private final OutboxWriter outbox;
    private final Clock clock;
    private final MeterRegistry metrics;

    @Inject
    public OutboxEventSink(OutboxWriter outbox, Clock clock, MeterRegistry metrics) {
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void emit(EventData data) {
        CloudEvent<EventData> event = CloudEvent.of(Sources.CRYPTO_SERVICE, data, clock);
        outbox.append(event);
        if (event.type().startsWith(ROTATION_PREFIX)) {
            metrics.counter("keyturn.rotations", "state", event.type().substring(ROTATION_PREFIX.length())).increment();
        }
        if (data instanceof RotationFailed f && f.reason() == RotationFailureReason.VERIFICATION_FAILED) {
            metrics.counter("keyturn.crypto.verification.failures").increment();
        }
    }
}
