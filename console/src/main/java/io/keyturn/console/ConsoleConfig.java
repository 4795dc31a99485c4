package io.keyturn.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code keyturn.console.*}: where the services are, and how the console signs operators in. */
@ConfigMapping(prefix = "keyturn.console")
public interface ConsoleConfig {

    URI registryUrl();

    URI cryptoUrl();

    URI schedulerUrl();

    Events events();

    /**
     * The local stack's dev issuer directory (its {@code private.pem}); when set, the sign-in page mints a token
     * for a chosen role. Never set in production, where an OIDC proxy puts the bearer token on each request.
     */
    Optional<Path> devIssuer();

    /** Unconfirmed longer than this counts as overdue on the Fleet page. */
    @WithDefault("PT24H")
    Duration unconfirmedThreshold();

    interface Events {
        /** Whether the console reads the event topics (off in page tests, which feed {@link EventFeed} directly). */
        @WithDefault("true")
        boolean enabled();

        Optional<String> bootstrapServers();

        /** How far back the console reads the topics when it starts. */
        @WithDefault("PT1H")
        Duration replay();
    }
}
