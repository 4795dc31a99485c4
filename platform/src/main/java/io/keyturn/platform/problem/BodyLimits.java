package io.keyturn.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The largest request body each path may send. {@code keyturn.platform.http.max-body-size} holds every route
 * (default: {@code quarkus.http.limits.max-body-size}, else Quarkus' 10 MB); {@code
 * keyturn.platform.http.route-body-limits} lists {@code path=size} exceptions, e.g. a streamed import
 * ({@code /api/v1/imports=4G}), matched on the whole normalised path. No route gets past Quarkus' own limit, so a
 * service whose import streams gigabytes raises {@code quarkus.http.limits.max-body-size} and holds everything else
 * down with the first key.
 */
public final class BodyLimits {

    private static final long QUARKUS_DEFAULT = 10_240L * 1024;

    private final long defaultLimit;
    private final Map<String, Long> routes;

    BodyLimits(long defaultLimit, Map<String, Long> routes) {
        this.defaultLimit = defaultLimit;
        this.routes = Map.copyOf(routes);
    }

    /** The limits the configuration names. */
    public static BodyLimits fromConfig() {
        Config config = ConfigProvider.getConfig();
        long http = config.getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(QUARKUS_DEFAULT);
        long all = config.getOptionalValue("keyturn.platform.http.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(http);
        Map<String, Long> routes = new HashMap<>();
        for (String entry : config.getOptionalValues("keyturn.platform.http.route-body-limits", String.class)
                .orElse(List.of())) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || !entry.startsWith("/")) {
                throw new IllegalArgumentException("keyturn.platform.http.route-body-limits takes path=size entries"
                        + " such as /api/v1/imports=4G, not " + entry);
            }
            routes.put(entry.substring(0, eq).strip(),
                    new MemorySizeConverter().convert(entry.substring(eq + 1).strip()).asLongValue());
        }
        return new BodyLimits(all, routes);
    }

    /** The limit of {@code path} in bytes. */
    public long of(String path) {
        return routes.getOrDefault(path, defaultLimit);
    }

    static String detail(long limit) {
        return "The request body may hold at most " + limit + " bytes";
    }
}
