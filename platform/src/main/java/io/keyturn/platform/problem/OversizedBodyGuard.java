package io.keyturn.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;

/**
 * Answers a body announced larger than its route's limit ({@link BodyLimits}) with a 413 problem before a byte of
 * it is read. Quarkus' own check of {@code quarkus.http.limits.max-body-size} runs on the router before JAX-RS and
 * ends the response without a body, so this one runs just before it (order -3 against Quarkus' -2). It leaves the
 * route's limit on the request for {@link BodyLimitInterceptor}, which cuts off a chunked body, which announces no
 * length, while JAX-RS reads it.
 */
@ApplicationScoped
public class OversizedBodyGuard {

    static final int ORDER = -3;
    /** The request's limit in bytes (a Long), for {@link BodyLimitInterceptor}. */
    static final String LIMIT = "keyturn.body-limit";

    void install(@Observes Router router, ObjectMapper json) {
        BodyLimits limits = BodyLimits.fromConfig();
        router.route().order(ORDER).handler(ctx -> guard(ctx, limits, json));
    }

    private static void guard(RoutingContext ctx, BodyLimits limits, ObjectMapper json) {
        long limit = limits.of(ctx.normalizedPath());
        ctx.put(LIMIT, limit);
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
        Problem problem = Problem.of(PlatformProblem.PAYLOAD_TOO_LARGE, BodyLimits.detail(limit),
                URI.create(ctx.normalizedPath()));
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
