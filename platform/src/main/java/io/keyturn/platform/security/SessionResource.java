package io.keyturn.platform.security;

import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tells the caller who its bearer token says it is: the smallest authenticated endpoint, present in every
 * service, so an operator (or a test) can check that a token is accepted before calling anything real.
 */
@Path("/api/v1/session")
@Authenticated
public class SessionResource {

    @Inject
    JsonWebToken token;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public SessionView session() {
        return SessionView.from(token);
    }

    /** The identity carried by the caller's token; roles are the token's {@code groups} claim. */
    public record SessionView(String subject, List<String> roles) {

        static SessionView from(JsonWebToken token) {
            return new SessionView(token.getSubject(), token.getGroups().stream().sorted().toList());
        }
    }
}
