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
import java.util.ArrayList;
import java.util.List;

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

    /**
     * The events of the batch this thread is applying, appended together when it ends ({@link #batched}); null
     * outside a batch, where each event is appended as it is emitted.
     */
    private final ThreadLocal<List<CloudEvent<?>>> batch = new ThreadLocal<>();

    /**
     * Runs {@code work} (in the caller's transaction) and appends every event it emitted, in emission order, with one
     * {@code COPY}: a batch of rotations emits a few events per device, and a statement for each cost a round trip.
     */
    public void batched(Runnable work) {
        if (batch.get() != null) {
            throw new IllegalStateException("batches do not nest");
        }
        List<CloudEvent<?>> emitted = new ArrayList<>();
        batch.set(emitted);
        try {
            work.run();
        } finally {
            batch.remove();
        }
        outbox.appendAll(emitted);
    }

    @Override
    public void emit(EventData data) {
        CloudEvent<EventData> event = CloudEvent.of(Sources.CRYPTO_SERVICE, data, clock);
        List<CloudEvent<?>> emitted = batch.get();
        if (emitted != null) {
            emitted.add(event);
        } else {
            outbox.append(event);
        }
        if (event.type().startsWith(ROTATION_PREFIX)) {
            metrics.counter("keyturn.rotations", "state", event.type().substring(ROTATION_PREFIX.length())).increment();
        }
        if (data instanceof RotationFailed f && f.reason() == RotationFailureReason.VERIFICATION_FAILED) {
            metrics.counter("keyturn.crypto.verification.failures").increment();
        }
    }
}
