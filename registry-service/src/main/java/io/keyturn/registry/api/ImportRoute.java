package io.keyturn.registry.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Routes {@code POST /api/v1/devices:import} to {@code POST /api/v1/imports}. The JAX-RS router matches a class path
 * as a plain prefix, so {@code /api/v1/devices} would take {@code /api/v1/devices:import} for itself and answer 404
 * (quarkusio/quarkus#32588); rerouting before JAX-RS sees the request keeps the documented path.
 */
@ApplicationScoped
public class ImportRoute {

    void install(@Observes Router router) {
        router.post(ImportJobResource.IMPORT_PATH).order(-10)
                .handler(ctx -> ctx.reroute(HttpMethod.POST, "/api/v1/imports"));
    }
}
