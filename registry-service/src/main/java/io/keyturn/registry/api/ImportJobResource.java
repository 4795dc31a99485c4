package io.keyturn.registry.api;

import io.keyturn.platform.problem.Problem;
import io.keyturn.registry.domain.RegistryException;
import io.keyturn.registry.domain.RegistryException.Reason;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Bulk import: {@code POST /api/v1/devices:import} (DESIGN.md §5; also {@code POST /api/v1/imports}) streams a CSV
 * or NDJSON file into devices and answers its import job; {@code GET /api/v1/imports/{id}} shows a job's progress
 * and the lines it did not import.
 */
@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportJobResource {

    /** The public path; {@link ImportRoute} hands it to {@link #importDevices}. */
    static final String IMPORT_PATH = "/api/v1/devices:import";

    @Inject
    ImportService imports;
    @Inject
    JsonWebToken token;

    @POST
    @Consumes({ImportService.CSV, ImportService.NDJSON})
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "202", description = "The import job; its errors list the lines not imported")
    @APIResponse(responseCode = "400", description = "The CSV header cannot be used; nothing imported",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response importDevices(@HeaderParam("Content-Type") String contentType, InputStream body)
            throws IOException {
        String actor = token.getSubject() == null ? "unknown" : token.getSubject();
        ImportJobView job = ImportJobView.from(imports.importFile(contentType, body, actor));
        return Response.accepted(job).location(URI.create("/api/v1/imports/" + job.id())).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    @APIResponse(responseCode = "200", description = "Progress and per-line errors")
    @APIResponse(responseCode = "404", description = "No such job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ImportJobView job(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(Reason.IMPORT_NOT_FOUND, "import ids are UUIDs");
        }
        return imports.job(uuid).map(ImportJobView::from)
                .orElseThrow(() -> new RegistryException(Reason.IMPORT_NOT_FOUND, "no import " + uuid));
    }
}
