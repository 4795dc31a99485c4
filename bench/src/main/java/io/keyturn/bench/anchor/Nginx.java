package io.keyturn.bench.anchor;

import io.keyturn.bench.load.ProcessCpu;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * nginx (Debian's package) serving a directory on a loopback port: {@code sendfile on}, one worker per core, an
 * access log (delivery records every fetch too), in the foreground as a child of the benchmark. With TLS settings
 * it also serves HTTPS that requires a client certificate from a CA bundle.
 */
public final class Nginx implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));

    private final Process process;
    private final String version;

    private Nginx(Process process, String version) {
        this.process = process;
        this.version = version;
    }

    /** nginx, installed first if needed; empty with the reason in {@code why} when it cannot be had. */
    public static Optional<Path> binary(StringBuilder why) {
        return DebianPackage.ensure(BINARIES, List.of("nginx-light"), why);
    }

    /**
     * Starts nginx on {@code root} (world-readable: the workers run as nobody).
     *
     * @param tls the HTTPS listener's certificate, key and client CA, or {@code null} for none
     */
    public static Nginx start(Path binary, Path root, Path work, int port, Tls tls) throws IOException, InterruptedException {
        Files.createDirectories(work.resolve("logs"));
        int cores = Runtime.getRuntime().availableProcessors();
        String https = tls == null ? "" : """
                    server {
                        listen 127.0.0.1:%d ssl;
                        ssl_certificate %s;
                        ssl_certificate_key %s;
                        ssl_client_certificate %s;
                        ssl_verify_client on;
                        ssl_session_cache off;
                        ssl_session_tickets off;
                        root %s;
                        location / { default_type application/octet-stream; }
                    }
                """.formatted(tls.port(), tls.cert(), tls.key(), tls.clientCa(), root);
        String conf = """
                worker_processes %d;
                daemon off;
                master_process on;
                pid %s;
                error_log %s warn;
                events { worker_connections 4096; }
                http {
                    sendfile on;
                    tcp_nopush on;
                    keepalive_timeout 65;
                    keepalive_requests 1000000;
                    access_log %s combined buffer=64k flush=1s;
                    types { }
                    default_type application/octet-stream;
                    server {
                        listen 127.0.0.1:%d;
                        root %s;
                        autoindex off;
                        location / { }
                    }
                %s}
                """.formatted(cores, work.resolve("nginx.pid"), work.resolve("logs/error.log"),
                work.resolve("logs/access.log"), port, root, https);
        Path file = work.resolve("nginx.conf");
        Files.writeString(file, conf);
        String version = DebianPackage.firstLine(List.of(binary.toString(), "-v")).replace("nginx version: ", "");
        Process p = new ProcessBuilder(binary.toString(), "-p", work.toString(), "-c", file.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("logs/console.log").toFile()).start();
        Nginx nginx = new Nginx(p, version);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("nginx stopped at start: " + Files.readString(work.resolve("logs/console.log")).strip()
                        + " " + (Files.exists(work.resolve("logs/error.log")) ? Files.readString(work.resolve("logs/error.log")).strip() : ""));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return nginx;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        nginx.close();
        throw new IOException("nginx did not listen on " + port + " within 15 s");
    }

    /** The HTTPS listener's settings. */
    public record Tls(int port, Path cert, Path key, Path clientCa) {
    }

    public String version() {
        return version;
    }

    /**
     * The CPU time nginx's master and workers have used so far, in seconds (the kernel's clock ticks, 10 ms); NaN
     * when the system does not say.
     */
    public double cpuSeconds() {
        return ProcessCpu.seconds(process.toHandle());
    }

    @Override
    public void close() {
        // SIGTERM to the master stops its workers too.
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
