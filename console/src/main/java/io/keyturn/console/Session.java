package io.keyturn.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The signed-in operator: the verified token from the session cookie (or an {@code Authorization} header an OIDC
 * proxy sets), forwarded as it is to the services.
 */
@RequestScoped
public class Session {

    static final String COOKIE = "keyturn_session";

    @Inject
    JsonWebToken jwt;

    public boolean signedIn() {
        return jwt != null && jwt.getRawToken() != null;
    }

    public String token() {
        return jwt.getRawToken();
    }

    public String name() {
        return jwt.getName();
    }

    public Set<String> roles() {
        return jwt.getGroups() == null ? Set.of() : jwt.getGroups();
    }

    /** Roles that may change devices and campaigns; an auditor sees everything and changes nothing. */
    public boolean canWrite() {
        return roles().contains("fleet-admin") || roles().contains("operator");
    }

    public String role() {
        return roles().contains("fleet-admin") ? "fleet-admin" : roles().contains("operator") ? "operator"
                : roles().contains("auditor") ? "auditor" : "no role";
    }
}
