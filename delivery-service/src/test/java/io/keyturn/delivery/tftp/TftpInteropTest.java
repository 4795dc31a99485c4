package io.keyturn.delivery.tftp;

import static io.keyturn.delivery.tftp.TftpTestServer.content;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real clients against the server: curl (libcurl's TFTP, with options) and tftp-hpa's {@code tftp}
 * (plain RFC 1350, netascii by default). Each test is skipped, with the reason shown, when its
 * client is not installed.
 */
class TftpInteropTest {

    private final TftpTestServer tftp = TftpTestServer.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        tftp.close();
    }

    private static boolean installed(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String entry : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry, command))) {
                return true;
            }
        }
        return false;
    }

    private record Run(int exitCode, String output) {
    }

    private Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 30 s");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Run curl(String path, String... options) throws IOException, InterruptedException {
        assumeTrue(installed("curl"), "curl is not installed: skipping the curl interoperability test");
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "20", "-o", "out"));
        command.addAll(List.of(options));
        command.add("tftp://127.0.0.1:" + tftp.address().getPort() + path);
        return run(command);
    }

    @ParameterizedTest(name = "{0} bytes, curl {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0      | --tftp-no-options
            513    | --tftp-no-options
            24576  | --tftp-blksize 1024
            61440  | --tftp-blksize 1468
            61440  | --tftp-blksize 65464
            61440  | --tftp-blksize 8
            1468   | --tftp-blksize 1468
            """)
    void curlFetchesByteIdentical(int size, String option) throws Exception {
        byte[] file = content(size, size);
        tftp.with("/spa962.cfg", file);

        Run result = curl("/spa962.cfg", option.split(" "));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("out"))).isEqualTo(file);
        TftpTransferOutcome outcome = tftp.nextOutcome();
        assertThat(outcome.result()).isEqualTo(TftpTransferResult.COMPLETED);
        assertThat(outcome.path()).isEqualTo("/spa962.cfg");
    }

    @Test
    void curlFetchesWithItsDefaultOptions() throws Exception {
        byte[] file = content(30000, 9);
        tftp.with("/profile/Dz3P2q9sVgx7LmWbvu/spa962.cfg", file);

        Run result = curl("/profile/Dz3P2q9sVgx7LmWbvu/spa962.cfg");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("out"))).isEqualTo(file);
    }

    @Test
    void curlReportsAMissingFile() throws Exception {
        Run result = curl("/spa941.cfg");

        // curl exits 68 for "TFTP: File Not Found".
        assertThat(result.exitCode()).as(result.output()).isEqualTo(68);
        assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.NOT_FOUND);
    }

    private Run tftpHpa(String mode, String path) throws IOException, InterruptedException {
        assumeTrue(installed("tftp"), "tftp (tftp-hpa) is not installed: skipping the tftp-hpa interoperability test");
        return run(List.of("tftp", "-m", mode, "127.0.0.1", Integer.toString(tftp.address().getPort()),
                "-c", "get", path, "out"));
    }

    @ParameterizedTest(name = "{0} bytes")
    @CsvSource({"0", "512", "60000"})
    void tftpHpaFetchesInBinaryMode(int size) throws Exception {
        byte[] file = content(size, size + 1);
        tftp.with("/spa962.cfg", file);

        Run result = tftpHpa("binary", "/spa962.cfg");

        assertThat(result.output()).doesNotContainIgnoringCase("error");
        assertThat(Files.readAllBytes(dir.resolve("out"))).isEqualTo(file);
        assertThat(tftp.nextOutcome().result()).isEqualTo(TftpTransferResult.COMPLETED);
    }

    @Test
    void tftpHpaFetchesTextInNetasciiMode() throws Exception {
        byte[] text = "Station_Name \"lobby\" ;\nA \"b\r\" ;\n".repeat(300).getBytes(StandardCharsets.US_ASCII);
        tftp.with("/spa.txt", text);

        Run result = tftpHpa("netascii", "spa.txt");

        assertThat(result.output()).doesNotContainIgnoringCase("error");
        assertThat(Files.readAllBytes(dir.resolve("out"))).isEqualTo(text);
    }

    @Test
    void tftpHpaReportsAMissingFile() throws Exception {
        Run result = tftpHpa("binary", "/spa941.cfg");

        assertThat(result.output()).contains("Error code 1: File not found");
    }
}
