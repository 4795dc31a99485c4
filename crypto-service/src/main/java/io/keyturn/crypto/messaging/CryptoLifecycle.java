package io.keyturn.crypto.messaging;

import io.keyturn.crypto.config.CryptoConfig;
import io.keyturn.crypto.domain.ChainWorkflow;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Publishes the stage-0 files at start and overwrites retired keys once their grace period ends. */
@ApplicationScoped
public class CryptoLifecycle {

    private static final Logger LOG = Logger.getLogger(CryptoLifecycle.class);

    private final ChainWorkflow workflow;
    private final CryptoConfig config;

    @Inject
    public CryptoLifecycle(ChainWorkflow workflow, CryptoConfig config) {
        this.workflow = workflow;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        QuarkusTransaction.requiringNew().run(() -> config.stage0().psns().forEach(workflow::publishStage0));
    }

    @Scheduled(every = "${keyturn.crypto.chain.destroy-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void destroyDueKeys() {
        int n = QuarkusTransaction.requiringNew().call(workflow::destroyDueKeys);
        if (n > 0) {
            LOG.infof("Overwrote %d retired keys whose grace period ended", n);
        }
    }
}
