package io.keyturn.crypto.api;

import io.keyturn.crypto.domain.ChainWorkflow;
import io.keyturn.crypto.domain.DeviceProblem;
import io.keyturn.crypto.domain.SealedFile;
import io.keyturn.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * The mTLS bootstrap body for delivery-service, which serves it only over client-authenticated HTTPS to the
 * certificate with the same MAC. It holds a key in the clear, so it is rendered per request and never stored or cached
 * outside this service (DESIGN.md §3).
 */
@Path("/internal/v1/bootstrap/{mac}")
public class BootstrapResource {

    private final ChainWorkflow workflow;

    @Inject
    public BootstrapResource(ChainWorkflow workflow) {
        this.workflow = workflow;
    }

    @GET
    @RolesAllowed("keyturn-service")
    @Transactional
    public Response bootstrap(@PathParam("mac") String mac) {
        ChainResource.requireMac(mac);
        SealedFile file;
        try {
            file = workflow.mtlsBootstrap(mac);
        } catch (DeviceProblem e) {
            throw new ProblemException(CryptoProblem.of(e.reason()), e.getMessage());
        }
        return Response.ok(file.content(), "application/xml").header("Cache-Control", "no-store").build();
    }
}
