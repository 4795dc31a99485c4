package io.keyturn.scheduler.api;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.platform.problem.Problem;
import io.keyturn.scheduler.service.RotationService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Rotates one device now. */
@Path("/api/v1/devices/{mac}/rotations")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceRotationResource {

    /** The request as emitted on {@code keyturn.rotations}. */
    public record RotationView(UUID requestId, String mac, String cause, Long fromGeneration, Instant requestedAt) {
    }

    @Inject
    RotationService rotations;

    @POST
    @RolesAllowed({"fleet-admin", "operator"})
    @APIResponse(responseCode = "202", description = "Requested; crypto-service issues the next generation")
    @APIResponse(responseCode = "400", description = "Not a MAC",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Device not in the read model",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Device decommissioned",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response rotate(@PathParam("mac") String mac,
                           @Parameter(description = "An emergency rotation (suspected key leak)")
                           @QueryParam("emergency") boolean emergency,
                           @Context SecurityContext security) {
        CloudEvent<RotationRequested> e = rotations.rotate(mac, emergency, security.getUserPrincipal().getName());
        RotationRequested r = e.data();
        return Response.accepted(new RotationView(e.id(), r.mac(), r.cause().code(), r.fromGeneration(),
                r.requestedAt())).build();
    }
}
