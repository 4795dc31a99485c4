package io.keyturn.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxConfigTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private static OutboxConfig load(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(OutboxConfig.class)
                // Quarkus' own converter, so "500ms" reads as it does in an application.
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
                .build()
                .getConfigMapping(OutboxConfig.class);
    }

    @Test
    void hasDefaultsForEveryKey() {
        OutboxConfig config = load(Map.of());
        assertThat(config.relayEnabled()).isTrue();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.batchSize()).isEqualTo(100);
        assertThat(config.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.expiryInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.compression()).isEqualTo("lz4");
    }

    @Test
    void readsKebabCaseKeys() {
        OutboxConfig config = load(Map.of(
                "keyturn.platform.outbox.relay-enabled", "false",
                "keyturn.platform.outbox.poll-interval", "2s",
                "keyturn.platform.outbox.batch-size", "500",
                "keyturn.platform.outbox.send-timeout", "30s",
                "keyturn.platform.outbox.retention", "P1D",
                "keyturn.platform.outbox.expiry-interval", "10m",
                "keyturn.platform.outbox.compression", "zstd"));
        assertThat(config.relayEnabled()).isFalse();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.batchSize()).isEqualTo(500);
        assertThat(config.sendTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.retention()).isEqualTo(Duration.ofDays(1));
        assertThat(config.expiryInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.compression()).isEqualTo("zstd");
    }

    @Test
    void rejectsACompressionKafkaDoesNotKnow() {
        assertThatThrownBy(() -> load(Map.of("keyturn.platform.outbox.compression", "brotli")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("keyturn.platform.outbox.compression");
    }

    @Test
    void rejectsABatchSizeOutsideItsRange() {
        assertThatThrownBy(() -> load(Map.of("keyturn.platform.outbox.batch-size", "0")))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("keyturn.platform.outbox.batch-size");
        assertThatThrownBy(() -> load(Map.of("keyturn.platform.outbox.batch-size", "10001")))
                .isInstanceOf(ConfigValidationException.class);
    }
}
