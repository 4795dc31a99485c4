package io.keyturn.crypto.spc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.crypto.domain.SpcException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpcProcessTest {

    private static final String MAC = "000e08aabbcc";
    private static final String KEY = "8e4ca259a3c1f0e2d4b6a8c0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0";
    private static final String SOURCE = "GPP_A \"" + KEY + "\" ;\nGPP_B \"Qm9xR2d3c1ZtYjhL\" ;\n";

    @TempDir
    Path dir;

    private static String gunzip(byte[] file) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void runsSpcTargetWithTheMacAndReturnsTheFileItWrote() throws IOException {
        SpcProcess spc = new SpcProcess(FakeSpc.compiler(dir), Duration.ofSeconds(10), dir);
        byte[] file = spc.compile(SOURCE, MAC);
        assertThat(gunzip(file)).isEqualTo(SOURCE);
        assertThat(spc.compile(SOURCE, MAC)).as("deterministic").isEqualTo(file);
    }

    @Test
    void reportsANonZeroExitWithStderrAndNeverTheSourceValues() {
        SpcProcess spc = new SpcProcess(FakeSpc.failing(dir), Duration.ofSeconds(10), dir);
        assertThatThrownBy(() -> spc.compile(SOURCE, MAC))
                .isInstanceOf(SpcException.class)
                .hasMessage("spc --target exited with 3: syntax error near: GPP_A \"***\" ;")
                .message().doesNotContain(KEY);
    }

    @Test
    void killsARunLongerThanTheTimeout() {
        SpcProcess spc = new SpcProcess(FakeSpc.hanging(dir), Duration.ofMillis(300), dir);
        long start = System.nanoTime();
        assertThatThrownBy(() -> spc.compile(SOURCE, MAC))
                .isInstanceOf(SpcException.class)
                .hasMessage("spc --target did not finish within 300 ms and was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void refusesASuccessfulExitThatWroteNoFile() {
        SpcProcess spc = new SpcProcess(FakeSpc.silent(dir), Duration.ofSeconds(10), dir);
        assertThatThrownBy(() -> spc.compile(SOURCE, MAC))
                .isInstanceOf(SpcException.class)
                .hasMessage("spc --target exited with 0 but wrote no file");
    }

    @Test
    void reportsABinaryThatCannotBeRun() {
        SpcProcess spc = new SpcProcess(dir.resolve("no-such-spc"), Duration.ofSeconds(10), dir);
        assertThatThrownBy(() -> spc.compile(SOURCE, MAC))
                .isInstanceOf(SpcException.class)
                .hasMessageStartingWith("spc could not be run: ");
    }

    @Test
    void leavesNoCopyOfTheSourceBehind() throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        assertThatThrownBy(() -> new SpcProcess(FakeSpc.failing(dir), Duration.ofSeconds(10), work).compile(SOURCE, MAC))
                .isInstanceOf(SpcException.class);
        new SpcProcess(FakeSpc.compiler(dir), Duration.ofSeconds(10), work).compile(SOURCE, MAC);
        try (var left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }
}
