package io.keyturn.scheduler.api;

import io.keyturn.platform.problem.Problem;
import io.keyturn.scheduler.domain.Policy;
import io.keyturn.scheduler.service.PolicyService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Rotation policies by group: cadence, jitter, windows, rate, eligibility. */
@Path("/api/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PolicyResource {

    @Inject
    PolicyService policies;

    @GET
    @RolesAllowed({"fleet-admin", "operator", "auditor"})
    public Page<PolicyView> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int n = Requests.limit(limit);
        List<Policy> rows = policies.page(cursor, n + 1);
        List<PolicyView> items = rows.stream().limit(n).map(PolicyView::from).toList();
        return new Page<>(items, rows.size() > n ? rows.get(n - 1).group() : null);
    }

    @GET
    @Path("{group: .+}")
    @RolesAllowed({"fleet-admin", "operator", "auditor"})
    @APIResponse(responseCode = "404", description = "No policy for that group",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PolicyView get(@PathParam("group") String group) {
        return PolicyView.from(policies.get(group));
    }

    @PUT
    @Path("{group: .+}")
    @RolesAllowed("fleet-admin")
    @APIResponse(responseCode = "400", description = "Bad value, or windows that never open",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PolicyView put(@PathParam("group") String group, PolicyRequest request, @Context SecurityContext security) {
        PolicyRequest body = request == null ? new PolicyRequest(null, null, null, null, null, null, null) : request;
        return PolicyView.from(policies.put(() -> body.toDomain(group), security.getUserPrincipal().getName()));
    }

    @DELETE
    @Path("{group: .+}")
    @RolesAllowed("fleet-admin")
    @APIResponse(responseCode = "204", description = "Deleted; the group follows its parent's policy again")
    @APIResponse(responseCode = "404", description = "No policy for that group",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void delete(@PathParam("group") String group) {
        policies.delete(group);
    }
}
