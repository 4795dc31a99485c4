package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorTest {

    private static final Map<String, String> ENV = Map.of("QUARKUS_HTTP_PORT", "8081");

    @TempDir
    Path holds;

    @Test
    void runsServicesOnASmallSerialHeapByDefault() {
        assertThat(Supervisor.serviceJvmOptions(null, holds))
                .containsExactly("-Xmx512m", "-XX:+UseSerialGC", "-Dkeyturn.stack=" + holds);
        assertThat(Supervisor.serviceJvmOptions("  ", holds)).contains("-XX:+UseSerialGC");
    }

    @Test
    void addsTheOperatorsOptionsAfterTheDefaultsSoTheyWin() {
        assertThat(Supervisor.serviceJvmOptions(" -Xmx1g  -Dx=y ", holds))
                .containsExactly("-Xmx512m", "-XX:+UseSerialGC", "-Dkeyturn.stack=" + holds, "-Xmx1g", "-Dx=y");
    }

    @Test
    void aCollectorNamedByTheOperatorReplacesTheSerialOneRatherThanStoppingEveryService() {
        assertThat(Supervisor.serviceJvmOptions("-Xmx1g -XX:+UseParallelGC", holds))
                .containsExactly("-Xmx512m", "-Dkeyturn.stack=" + holds, "-Xmx1g", "-XX:+UseParallelGC");
        assertThat(Supervisor.serviceJvmOptions("-XX:+UseG1GC", holds)).doesNotContain("-XX:+UseSerialGC");
        assertThat(Supervisor.serviceJvmOptions("-XX:+UseSerialGC", holds))
                .containsOnlyOnce("-XX:+UseSerialGC");
        // a flag that merely ends in GC is no collector
        assertThat(Supervisor.serviceJvmOptions("-XX:+UseMaximumCompactionOnSystemGC", holds))
                .contains("-XX:+UseSerialGC");
    }

    @Test
    void startsAServiceOnTheHostsClockWhenNoSkewIsHeld() throws IOException {
        assertThat(Supervisor.withClockSkew(ENV, holds.resolve("crypto-service.clock-skew"))).isEqualTo(ENV);
    }

    @Test
    void startsAServiceWithTheSkewItsFileHolds() throws IOException {
        Path skew = Files.writeString(holds.resolve("crypto-service.clock-skew"), "PT-7M12S\n");

        assertThat(Supervisor.withClockSkew(ENV, skew))
                .containsOnly(entry("QUARKUS_HTTP_PORT", "8081"), entry("KEYTURN_CLOCK_SKEW", "PT-7M12S"));
    }

    @Test
    void refusesASkewThatIsNotADuration() throws IOException {
        Path skew = Files.writeString(holds.resolve("crypto-service.clock-skew"), "seven minutes");

        assertThatThrownBy(() -> Supervisor.withClockSkew(ENV, skew)).isInstanceOf(IOException.class)
                .hasMessageContaining("ISO-8601 duration").hasMessageContaining("seven minutes");
    }
}
