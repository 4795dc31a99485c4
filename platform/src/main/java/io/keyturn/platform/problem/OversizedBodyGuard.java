package io.keyturn.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Answers a body announced larger than {@code quarkus.http.limits.max-body-size} with a 413 problem. Quarkus' own
 * check runs on the router before JAX-RS and ends the response without a body, so this one runs just before it
 * (order -3 against Quarkus' -2) and on the same figure. A chunked body that outgrows the limit is cut off by
 * Quarkus while JAX-RS reads it and reaches {@link ProblemMapper} as a 413.
 */
@ApplicationScoped
public class OversizedBodyGuard {

    static final int ORDER = -3;

    void install(@Observes Router router, ObjectMapper json) {
        long limit = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10_240L * 1024);
        router.route().order(ORDER).handler(ctx -> guard(ctx, limit, json));
    }

    private static void guard(RoutingContext ctx, long limit, ObjectMapper json) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long announced;
        try {
            announced = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            announced = -1;
        }
        if (announced <= limit) {
            ctx.next();
            return;
        }
        Problem problem = Problem.of(PlatformProblem.PAYLOAD_TOO_LARGE,
                "The request body may hold at most " + limit + " bytes", URI.create(ctx.normalizedPath()));
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem always serialises", e);
        }
        // The unread body is not worth draining: close the connection after the answer, as Quarkus does.
        ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
