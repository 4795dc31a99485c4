package io.keyturn.registry.api;

import io.keyturn.platform.problem.Problem;
import io.keyturn.registry.domain.TemplateDocument;
import io.keyturn.registry.domain.TemplateKey;
import io.keyturn.registry.persistence.TemplateRepository.StoredTemplate;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /api/v1/templates/model/{model}} and {@code /api/v1/templates/group/{path}}: SPC source
 * ({@code text/plain}) or {@code <flat-profile>} XML ({@code application/xml}), checked with the protocol library.
 */
@Path("/api/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Does not parse (line and column in the detail)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class TemplateResource {

    @Inject
    TemplateService templates;
    @Inject
    JsonWebToken token;

    /** A template version; {@code source} as written, {@code xml} as devices get it. */
    public record TemplateView(String id, String scope, String target, long version, String format, String source,
                               String xml, String sha256, String publishedBy, Instant publishedAt) {
        static TemplateView from(StoredTemplate t) {
            return new TemplateView(t.id(), t.scope(), t.target(), t.version(), t.format(), t.source(), t.xml(),
                    t.sha256(), t.publishedBy(), t.publishedAt());
        }
    }

    @PUT
    @Path("model/{model}")
    @Consumes({MediaType.TEXT_PLAIN, MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    @RolesAllowed(Roles.FLEET_ADMIN)
    @APIResponse(responseCode = "200", description = "Stored as the next version and published")
    public TemplateView putModel(@PathParam("model") String model, @HeaderParam("Content-Type") String type,
                                 String body) {
        return put(TemplateKey.model(model), type, body);
    }

    @GET
    @Path("model/{model}")
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.SERVICE})
    public TemplateView getModel(@PathParam("model") String model) {
        return TemplateView.from(templates.get(TemplateKey.model(model)));
    }

    @PUT
    @Path("group/{path: .+}")
    @Consumes({MediaType.TEXT_PLAIN, MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    @RolesAllowed(Roles.FLEET_ADMIN)
    @APIResponse(responseCode = "200", description = "Stored as the next version and published")
    public TemplateView putGroup(@PathParam("path") String path, @HeaderParam("Content-Type") String type,
                                 String body) {
        return put(TemplateKey.group(path), type, body);
    }

    @GET
    @Path("group/{path: .+}")
    @RolesAllowed({Roles.FLEET_ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.SERVICE})
    public TemplateView getGroup(@PathParam("path") String path) {
        return TemplateView.from(templates.get(TemplateKey.group(path)));
    }

    private TemplateView put(TemplateKey key, String type, String body) {
        TemplateDocument.Format format = type != null && type.toLowerCase().contains("xml")
                ? TemplateDocument.Format.XML : TemplateDocument.Format.SPC;
        String actor = token.getSubject() == null ? "unknown" : token.getSubject();
        return TemplateView.from(templates.put(key, format, body == null ? "" : body, actor));
    }
}
