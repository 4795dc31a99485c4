package io.keyturn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The real {@code openssl} and {@code gzip} command-line tools, for interoperability tests. */
final class OpenSslCli {

    private OpenSslCli() {
    }

    /** Skips the calling test, with the reason shown in the report, when {@code tool} is not installed. */
    static Path require(String tool) {
        Optional<Path> found = find(tool);
        Assumptions.assumeTrue(found.isPresent(),
                () -> "the '" + tool + "' command is not on PATH, so this interoperability test is skipped");
        return found.get();
    }

    /** {@code openssl enc -e -aes-256-cbc -md md5 -k KEY -in in -out out}, as spa-protocol.md §9.2 runs it. */
    static byte[] encrypt(Path dir, byte[] plaintext, String key) throws IOException, InterruptedException {
        Path in = Files.write(dir.resolve("plain-" + System.nanoTime()), plaintext);
        Path out = dir.resolve("enc-" + System.nanoTime());
        run(require("openssl").toString(), "enc", "-e", "-aes-256-cbc", "-md", "md5", "-k", key,
                "-in", in.toString(), "-out", out.toString());
        return Files.readAllBytes(out);
    }

    /** {@code openssl enc -d -aes-256-cbc -md md5 -k KEY}, as spa-protocol.md §9.1 runs it. */
    static byte[] decrypt(Path dir, byte[] file, String key) throws IOException, InterruptedException {
        Path in = Files.write(dir.resolve("enc-" + System.nanoTime()), file);
        Path out = dir.resolve("plain-" + System.nanoTime());
        run(require("openssl").toString(), "enc", "-d", "-aes-256-cbc", "-md", "md5", "-k", key,
                "-in", in.toString(), "-out", out.toString());
        return Files.readAllBytes(out);
    }

    /** {@code gzip -dc}. */
    static byte[] gunzip(Path dir, byte[] gz) throws IOException, InterruptedException {
        Path in = Files.write(dir.resolve("gz-" + System.nanoTime()), gz);
        Path out = dir.resolve("gunzipped-" + System.nanoTime());
        List<String> command = new ArrayList<>(List.of(require("gzip").toString(), "-dc", in.toString()));
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        finish(process, command);
        return Files.readAllBytes(out);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        finish(process, List.of(command));
    }

    private static void finish(Process process, List<String> command) throws IOException, InterruptedException {
        // openssl writes "deprecated key derivation used" on stderr for -md md5; only the exit code counts.
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished in time", command.get(0)).isTrue();
        assertThat(process.exitValue()).as("exit code of %s (stderr: %s)", String.join(" ", command.subList(0, 3)), err)
                .isZero();
    }

    private static Optional<Path> find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
