package io.keyturn.registry.api;

import io.keyturn.platform.problem.Problem;
import io.keyturn.registry.domain.CsvImportReader;
import io.keyturn.registry.domain.ImportReader;
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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Bulk import of devices from CSV or NDJSON, streamed; and the import jobs' progress. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "The file's header or format cannot be read; nothing imported",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ImportResource {

    static final String CSV = "text/csv";
    static final String NDJSON = "application/x-ndjson";

    @Inject
    ImportService imports;
    @Inject
    JsonWebToken token;

    @POST
    @Path("devices:import")
    @Consumes({CSV, NDJSON})
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.OPERATOR})
    @APIResponse(responseCode = "202", description = "The import job; its errors list the lines not imported")
    public Response importDevices(@HeaderParam("Content-Type") String contentType, InputStream body)
            throws IOException {
        String actor = token.getSubject() == null ? "unknown" : token.getSubject();
        Reader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 64 * 1024);
        boolean csv = contentType != null && contentType.toLowerCase().startsWith(CSV);
        // The CSV header is checked before the job exists: a file with a bad header imports nothing at all.
        ImportReader lines = csv ? new CsvImportReader(reader) : new NdjsonImportReader(reader);
        UUID id = imports.start(csv ? "csv" : "ndjson", actor);
        imports.run(id, lines, actor);
        ImportJobView job = ImportJobView.from(imports.job(id).orElseThrow());
        return Response.accepted(job).location(URI.create("/api/v1/imports/" + id)).build();
    }

    @GET
    @Path("imports/{id}")
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
