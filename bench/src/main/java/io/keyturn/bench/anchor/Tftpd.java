package io.keyturn.bench.anchor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * tftp-hpa's {@code in.tftpd} in the foreground on a loopback port ({@code -L -a 127.0.0.1:PORT -s DIR}), serving a
 * directory (world-readable: it drops to user tftp).
 */
public final class Tftpd implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/in.tftpd"));

    private final Process process;
    private final String version;

    private Tftpd(Process process, String version) {
        this.process = process;
        this.version = version;
    }

    public static Optional<Path> binary(StringBuilder why) {
        return DebianPackage.ensure(BINARIES, List.of("tftpd-hpa"), why);
    }

    public static Tftpd start(Path binary, Path root, Path log, int port) throws IOException, InterruptedException {
        String version = DebianPackage.firstLine(List.of(binary.toString(), "-V"));
        Process p = new ProcessBuilder(binary.toString(), "-L", "-a", "127.0.0.1:" + port, "-s", root.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TimeUnit.MILLISECONDS.sleep(500);
        if (!p.isAlive()) {
            throw new IOException("in.tftpd stopped at start (exit " + p.exitValue() + "); see " + log);
        }
        return new Tftpd(p, version);
    }

    public String version() {
        return version;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
