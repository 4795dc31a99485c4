package io.keyturn.delivery.serve;

import io.keyturn.delivery.config.DeliveryConfig;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Device paths on the plain HTTP port. The port is shared with the operator API (DESIGN.md §5), so one route runs
 * before every other handler of Quarkus' router: a path under an operator prefix ({@code /q/}, {@code /api/}) goes
 * on to Quarkus; every other path is a device path and is answered by {@link HttpDelivery} right there, without
 * JAX-RS or any other handler in the way.
 */
@ApplicationScoped
public class PlainHttpRoutes {

    private final HttpDelivery delivery;
    private final String[] operatorPrefixes;

    @Inject
    public PlainHttpRoutes(HttpDelivery delivery, DeliveryConfig config) {
        this.delivery = delivery;
        List<String> prefixes = config.http().operatorPrefixes();
        this.operatorPrefixes = prefixes.toArray(String[]::new);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String path = ctx.request().path();
            if (path != null) {
                for (String prefix : operatorPrefixes) {
                    if (path.startsWith(prefix)) {
                        ctx.next();
                        return;
                    }
                }
            }
            delivery.handle(ctx.request(), DeliveryProtocol.HTTP, null);
        });
    }
}
