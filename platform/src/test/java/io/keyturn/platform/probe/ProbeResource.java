package io.keyturn.platform.probe;

import io.keyturn.platform.problem.Problem;
import io.keyturn.platform.problem.ProblemException;
import io.keyturn.platform.problem.ProblemType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Test-only endpoints that fail in each way the problem mapper must answer. */
@Path("/probe")
public class ProbeResource {

    /** A service's own reasons look like this. */
    public enum ProbeProblem implements ProblemType {
        DEVICE_NOT_FOUND("device-not-found", "Device not found", 404);

        private final Definition definition;

        ProbeProblem(String code, String title, int status) {
            this.definition = new Definition(code, title, status);
        }

        @Override
        public Definition definition() {
            return definition;
        }
    }

    public record Registration(@NotBlank @Pattern(regexp = "[0-9a-f]{12}") String mac, @Min(1) int version) {
    }

    @GET
    @Path("/admin")
    @jakarta.annotation.security.RolesAllowed("fleet-admin")
    public String adminOnly() {
        return "ok";
    }

    @POST
    @Path("/devices")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Registration register(@Valid Registration body) {
        return body;
    }

    @GET
    @Path("/devices/{mac}")
    @APIResponse(responseCode = "404", description = "No such device",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Produces(MediaType.APPLICATION_JSON)
    public Registration device(@PathParam("mac") String mac) {
        throw new ProblemException(ProbeProblem.DEVICE_NOT_FOUND, "no device " + mac);
    }

    @GET
    @Path("/devices")
    @Produces(MediaType.APPLICATION_JSON)
    public String list(@QueryParam("limit") @Min(1) @Max(100) int limit) {
        return "[]";
    }

    /** Streams its body and counts it; its route's limit is raised in application.properties. */
    @POST
    @Path("/uploads")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public String upload(java.io.InputStream body) throws java.io.IOException {
        return Long.toString(body.transferTo(java.io.OutputStream.nullOutputStream()));
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("key 00112233445566778899aabbccddeeff leaked");
    }
}
