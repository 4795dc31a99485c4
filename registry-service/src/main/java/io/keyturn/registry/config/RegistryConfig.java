package io.keyturn.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;

/**
 * {@code keyturn.registry.*}: sealing, paging and bulk import. Body sizes are platform's
 * ({@code keyturn.platform.http.max-body-size}, {@code keyturn.platform.http.route-body-limits}).
 */
@ConfigMapping(prefix = "keyturn.registry")
public interface RegistryConfig {

    StagingSeal stagingSeal();

    Api api();

    @WithName("import")
    Import importing();

    interface StagingSeal {
        /** crypto-service's public sealing key in PEM (SubjectPublicKeyInfo). */
        Path publicKeyFile();
    }

    interface Api {
        @WithDefault("100")
        @Min(1)
        @Max(1000)
        int defaultPageSize();

        @WithDefault("1000")
        @Min(1)
        @Max(10_000)
        int maxPageSize();
    }

    interface Import {
        /** Lines inserted (with their events) per transaction. */
        @WithDefault("1000")
        @Min(1)
        @Max(10_000)
        int batchSize();

        /** Per-line errors kept per job; the count of rejected lines goes on beyond it. */
        @WithDefault("10000")
        @Min(1)
        int maxErrors();
    }
}
