package io.keyturn.scheduler.api;

import io.keyturn.platform.problem.Problem;
import io.keyturn.scheduler.domain.DeviceStage;
import io.keyturn.scheduler.domain.Preflight;
import io.keyturn.scheduler.persistence.CampaignRepository;
import io.keyturn.scheduler.persistence.CampaignRow;
import io.keyturn.scheduler.service.CampaignService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Campaigns: a canary, then waves over a group at a rate, with stop rules; pause, resume, cancel. */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    /** One device of a campaign. */
    public record CampaignDeviceView(String mac, boolean canary, String stage, UUID requestId, Long generation,
                                     Instant requestedAt, Instant issuedAt, Instant publishedAt, Instant confirmedAt,
                                     Instant failedAt, Instant deadlineAt) {
    }

    @Inject
    CampaignService campaigns;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"fleet-admin", "operator"})
    @APIResponse(responseCode = "201", description = "Created and running")
    @APIResponse(responseCode = "400", description = "Unknown group, rate <= 0, windows that never open, bad stop rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Devices already in an active campaign, or none eligible",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(CampaignRequest request, @Context SecurityContext security, @Context UriInfo uri) {
        CampaignRow c = campaigns.create(Requests.parsed(body(request)::toSpec), security.getUserPrincipal().getName());
        return Response.created(uri.getAbsolutePathBuilder().path(c.id()).build())
                .entity(CampaignView.from(campaigns.status(c.id()))).build();
    }

    @POST
    @Path("preflight")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"fleet-admin", "operator", "auditor"})
    @APIResponse(responseCode = "200", description = "What the campaign would do; nothing is created")
    @APIResponse(responseCode = "400", description = "As for creation",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Preflight preflight(CampaignRequest request) {
        return campaigns.preflight(Requests.parsed(body(request)::toSpec));
    }

    @GET
    @RolesAllowed({"fleet-admin", "operator", "auditor"})
    @APIResponse(responseCode = "400", description = "Bad cursor or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<CampaignView> list(@QueryParam("state") String state, @QueryParam("limit") Integer limit,
                                   @QueryParam("cursor") String cursor) {
        int n = Requests.limit(limit);
        Long before = cursor == null ? null : Requests.cursor(cursor);
        String stateCode = state == null ? null
                : Requests.code("state", state, io.keyturn.scheduler.domain.CampaignState::fromCode).code();
        List<CampaignRow> rows = campaigns.page(before, stateCode, n + 1);
        List<CampaignView> items = rows.stream().limit(n).map(CampaignView::summary).toList();
        String next = rows.size() > n ? Long.toString(rows.get(n - 1).seq()) : null;
        return new Page<>(items, next);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({"fleet-admin", "operator", "auditor"})
    @APIResponse(responseCode = "404", description = "No such campaign",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignView get(@PathParam("id") String id) {
        return CampaignView.from(campaigns.status(id));
    }

    @GET
    @Path("{id}/devices")
    @RolesAllowed({"fleet-admin", "operator", "auditor"})
    @APIResponse(responseCode = "404", description = "No such campaign",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Page<CampaignDeviceView> devices(@PathParam("id") String id, @QueryParam("stage") String stage,
                                            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int n = Requests.limit(limit);
        int after = cursor == null ? -1 : (int) Math.min(Integer.MAX_VALUE, Requests.cursor(cursor));
        String stageCode = stage == null ? null : Requests.code("stage", stage, DeviceStage::fromCode).code();
        List<CampaignRepository.DeviceProgressRow> rows = campaigns.devices(id, stageCode, after, n + 1);
        List<CampaignDeviceView> items = rows.stream().limit(n).map(r -> new CampaignDeviceView(r.mac(), r.canary(),
                r.stage(), r.requestId(), r.generation(), r.requestedAt(), r.issuedAt(), r.publishedAt(),
                r.confirmedAt(), r.failedAt(), r.deadlineAt())).toList();
        String next = rows.size() > n ? Integer.toString(rows.get(n - 1).ordinal()) : null;
        return new Page<>(items, next);
    }

    @POST
    @Path("{id}/pause")
    @RolesAllowed({"fleet-admin", "operator"})
    @APIResponse(responseCode = "409", description = "Not running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignView pause(@PathParam("id") String id) {
        campaigns.pause(id);
        return get(id);
    }

    @POST
    @Path("{id}/resume")
    @RolesAllowed({"fleet-admin", "operator"})
    @APIResponse(responseCode = "409", description = "Neither paused nor halted",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignView resume(@PathParam("id") String id) {
        campaigns.resume(id);
        return get(id);
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({"fleet-admin", "operator"})
    @APIResponse(responseCode = "409", description = "Already completed or cancelled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CampaignView cancel(@PathParam("id") String id) {
        campaigns.cancel(id);
        return get(id);
    }

    private static CampaignRequest body(CampaignRequest request) {
        if (request == null) {
            throw new io.keyturn.platform.problem.ProblemException(
                    io.keyturn.platform.problem.PlatformProblem.MALFORMED_REQUEST, "a JSON body is required");
        }
        return request;
    }
}
