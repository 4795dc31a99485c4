package io.keyturn.delivery.serve;

import io.keyturn.delivery.config.DeliveryConfig;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Device paths on Quarkus' own HTTP port. Devices normally reach {@link DeviceHttpListener} instead, which passes only
 * operator connections on to this port; these routes answer the device paths that still come here: all of them with
 * {@code keyturn.delivery.http.enabled=false} (Quarkus' port is then the public one), and those that follow an
 * operator request on a tunnelled connection. One route runs before every other handler of Quarkus' router: a path
 * under an operator prefix ({@code /q/}, {@code /api/}) goes on to Quarkus; every other path is a device path and is
 * answered by {@link HttpDelivery} right there, without JAX-RS or any other handler in the way.
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
