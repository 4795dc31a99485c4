package io.keyturn.registry.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyturn.platform.problem.PlatformProblem;
import io.keyturn.platform.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Answers a body announced larger than {@code keyturn.registry.api.max-body-size} with a 413 problem before a byte
 * of it is read, on every path but the import's. The HTTP limit itself must stay large for streamed imports, so
 * platform's guard, which follows that limit, would let a 100 MB JSON body through; this one runs just before it.
 * Chunked bodies, which announce no length, are cut off by {@link BodyLimit} while they are read.
 */
@ApplicationScoped
public class BodySizeGuard {

    void install(@Observes Router router, ObjectMapper json) {
        long limit = ConfigProvider.getConfig().getOptionalValue("keyturn.registry.api.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(1024L * 1024);
        router.route().order(-4).handler(ctx -> guard(ctx, limit, json));
    }

    private static boolean isImport(String path) {
        return path.equals(ImportJobResource.IMPORT_PATH) || path.equals("/api/v1/imports");
    }

    private static void guard(RoutingContext ctx, long limit, ObjectMapper json) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long announced;
        try {
            announced = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            announced = -1;
        }
        if (announced <= limit || isImport(ctx.normalizedPath())) {
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
        ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
