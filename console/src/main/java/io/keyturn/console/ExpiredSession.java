package io.keyturn.console;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** An expired or forged session cookie, on any page: back to sign-in, with the cookie gone. */
public class ExpiredSession {

    @ServerExceptionMapper
    public Response signInAgain(AuthenticationFailedException e) {
        return Response.seeOther(URI.create("/sign-in")).cookie(SignInResource.cookie("", 0)).build();
    }
}
