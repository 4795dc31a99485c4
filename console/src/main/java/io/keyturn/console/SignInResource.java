package io.keyturn.console;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sign-in. In the local stack the dev issuer signs a token for the chosen role, kept in an HttpOnly cookie; in
 * production an OIDC proxy in front of the console sends the operator's bearer token, and this page only says so.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    @Inject
    Template signIn;

    @Inject
    ConsoleConfig config;

    @GET
    @Path("sign-in")
    public TemplateInstance form() {
        return page("", "operator", Map.of());
    }

    @POST
    @Path("sign-in")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("name") String name, @FormParam("role") String role) throws IOException {
        if (config.devIssuer().isEmpty()) {
            return Response.status(404).entity(page(name, role, Map.of("name", "Dev sign-in is off here.")).render()).build();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String n = name == null ? "" : name.strip();
        if (DevTokens.checkName(n) != null) {
            errors.put("name", DevTokens.checkName(n));
        }
        if (DevTokens.checkRole(role) != null) {
            errors.put("role", DevTokens.checkRole(role));
        }
        if (!errors.isEmpty()) {
            return Response.status(400).entity(page(n, role, errors).render()).build();
        }
        String token = DevTokens.load(config.devIssuer().get()).mint(n, role, Instant.now());
        return Response.seeOther(URI.create("/")).cookie(cookie(token, (int) DevTokens.TTL.toSeconds())).build();
    }

    @POST
    @Path("sign-out")
    public Response signOut() {
        return Response.seeOther(URI.create("/sign-in")).cookie(cookie("", 0)).build();
    }

    private TemplateInstance page(String name, String role, Map<String, String> errors) {
        return signIn.data("dev", config.devIssuer().isPresent()).data("name", name == null ? "" : name)
                .data("role", role == null ? "operator" : role).data("roles", DevTokens.ROLES).data("errors", errors);
    }

    static NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(Session.COOKIE).value(value).path("/").httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }
}
