package io.keyturn.crypto.api;

import io.keyturn.crypto.config.CryptoConfig;
import io.keyturn.crypto.domain.KeyRing;
import io.keyturn.crypto.persistence.KekRewrap;
import io.keyturn.platform.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * KEK rotation step 3 (deploy/README.md, "Rotate the KEK"): rewraps every key under the active KEK in batches, in the
 * background; the job is polled until {@code completed}. Jobs live in this pod's memory: a restarted pod answers 404
 * for an old job id, and a new POST finishes whatever is left.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Singleton
public class KekResource {

    private static final Logger LOG = Logger.getLogger(KekResource.class);

    private final KekRewrap rewrap;
    private final KeyRing keyRing;
    private final CryptoConfig config;
    private final Map<String, RewrapView> jobs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kek-rewrap");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public KekResource(KekRewrap rewrap, KeyRing keyRing, CryptoConfig config) {
        this.rewrap = rewrap;
        this.keyRing = keyRing;
        this.config = config;
    }

    @POST
    @Path("kek:rewrap")
    @RolesAllowed("fleet-admin")
    @Blocking
    public Response start() {
        String id = UUID.randomUUID().toString();
        Instant started = Instant.now();
        jobs.put(id, new RewrapView(id, "running", keyRing.activeId(), 0, Map.of(), started, null));
        worker.submit(() -> run(id, started));
        return Response.accepted(jobs.get(id)).header("Location", "/api/v1/kek:rewrap/" + id).build();
    }

    @GET
    @Path("kek:rewrap/{id}")
    @RolesAllowed({"fleet-admin", "operator", "auditor"})
    public RewrapView job(@PathParam("id") String id) {
        RewrapView job = jobs.get(id);
        if (job == null) {
            throw new ProblemException(CryptoProblem.REWRAP_JOB_NOT_FOUND, "no rewrap job " + id + " in this pod");
        }
        return job;
    }

    private void run(String id, Instant started) {
        long total = 0;
        try {
            for (int n = rewrap.batch(config.kek().rewrapBatchSize()); n > 0; n = rewrap.batch(config.kek().rewrapBatchSize())) {
                total += n;
                jobs.put(id, new RewrapView(id, "running", keyRing.activeId(), total, Map.of(), started, null));
            }
            jobs.put(id, new RewrapView(id, "completed", keyRing.activeId(), total, rewrap.wrappedPerKek(), started,
                    Instant.now()));
        } catch (RuntimeException e) {
            LOG.errorf("KEK rewrap job %s failed after %d keys: %s", id, total, e.getClass().getName());
            jobs.put(id, new RewrapView(id, "failed", keyRing.activeId(), total, Map.of(), started, Instant.now()));
        }
    }
}
