package io.keyturn.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the protocol library with Jazzer (libFuzzer for the JVM), one child JVM per
 * target, seeded so a run can be replayed.
 *
 * <p>Short form in the suite: {@code keyturn.fuzz.seconds} (default 6) per target. Long form on demand:
 * {@code ./mvnw -B -pl protocol verify -Dit.test=FuzzIT -Dkeyturn.fuzz.seconds=600 [-Dkeyturn.seed=N]}.
 * A finding fails the test with the input in Base64 and the path of the file Jazzer wrote; fix the fault,
 * then copy that file into {@code src/test/resources/fuzz/<Target>/} so {@link FuzzCorpusTest} keeps it
 * fixed.
 */
class FuzzIT {

    private static final int SECONDS = Integer.getInteger("keyturn.fuzz.seconds", 6);
    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);

    static List<FuzzTargets> targets() {
        return FuzzTargets.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void fuzzingFindsNoFault(FuzzTargets target) throws Exception {
        Path work = Path.of("target", "fuzz", target.name());
        Path corpus = work.resolve("corpus");
        Path findings = work.resolve("findings");
        Files.createDirectories(corpus);
        Files.createDirectories(findings);
        clear(findings);
        for (Path seed : target.corpusFiles()) {
            Files.copy(seed, corpus.resolve("seed-" + seed.getFileName()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = work.resolve("jazzer.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp", testClassPath(),
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=" + target.type().getName(),
                "--instrumentation_includes=io.keyturn.protocol.**",
                "--reproducer_path=" + findings,
                "-max_total_time=" + SECONDS,
                "-seed=" + (SEED & 0x7fffffffL),
                "-timeout=10",
                "-rss_limit_mb=2048",
                "-artifact_prefix=" + findings + File.separator,
                corpus.toString()));
        Process jazzer = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = jazzer.waitFor(SECONDS + 120L, TimeUnit.SECONDS);
        if (!finished) {
            jazzer.destroyForcibly().waitFor();
        }
        String report = describe(findings, log);
        assertThat(finished).as("Jazzer on %s did not stop in time; seed %d%n%s", target, SEED, report).isTrue();
        assertThat(findingFiles(findings)).as("findings of %s (seed %d)%n%s", target, SEED, report).isEmpty();
        assertThat(jazzer.exitValue()).as("Jazzer's exit code on %s (seed %d)%n%s", target, SEED, report).isZero();
        assertThat(Files.readString(log, StandardCharsets.ISO_8859_1))
                .as("Jazzer ran its full time on %s", target)
                .contains("Done ");
    }

    /** The test class path as Maven built it (failsafe runs us through a manifest-only jar). */
    private static String testClassPath() {
        String path = System.getProperty("surefire.test.class.path");
        return path != null && !path.isBlank() ? path : System.getProperty("java.class.path");
    }

    private static List<Path> findingFiles(Path findings) throws IOException {
        try (Stream<Path> files = Files.list(findings)) {
            return files.filter(f -> f.getFileName().toString().matches("(crash|timeout|oom|leak|slow-unit)-.*"))
                    .toList();
        }
    }

    private static String describe(Path findings, Path log) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Path finding : findingFiles(findings)) {
            out.append(finding).append(" (Base64: ")
                    .append(Base64.getEncoder().encodeToString(Files.readAllBytes(finding))).append(")\n");
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    private static void clear(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }
}
