package io.keyturn.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every committed corpus input (seeds and past findings) through its fuzz target, in-process and
 * without the fuzzer, so a fault a fuzzer once found cannot come back unnoticed. Each input must finish
 * quickly: a hang is a finding too.
 */
class FuzzCorpusTest {

    static java.util.List<FuzzTargets> targets() {
        return FuzzTargets.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void everyCorpusInputIsHandledWithoutAFault(FuzzTargets target) throws Exception {
        var files = target.corpusFiles();
        assertThat(files).as("seeds of " + target).isNotEmpty();
        for (Path file : files) {
            byte[] input = Files.readAllBytes(file);
            assertThatCode(() -> Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> target.entry().accept(input)))
                    .as("%s on corpus input %s", target, file.getFileName())
                    .doesNotThrowAnyException();
        }
    }
}
