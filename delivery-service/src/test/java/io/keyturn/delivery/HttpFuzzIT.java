package io.keyturn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyturn.delivery.serve.DeviceHttpListener;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.testsupport.ServiceTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plain HTTP listener as the service runs it (the device listener, the operator API behind the same port, the
 * fetch log): thousands of hostile request lines and headers arrive on fresh connections from other sources while real
 * clients download published files over keep-alive, and every real download arrives byte-identical, during the
 * fuzzing and after it. Every hostile request is answered with a 4xx or a closed connection, never a 5xx and never
 * a hang. Seeded: replay with {@code -Dkeyturn.seed=N}; longer with {@code -Dkeyturn.fuzz.requests=N}.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(DeliveryTestResource.class)
class HttpFuzzIT {

    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);
    private static final int FUZZERS = 3;
    private static final int REQUESTS_PER_FUZZER = Integer.getInteger("keyturn.fuzz.requests", 400);
    private static final int REAL_CLIENTS = 3;
    /** Recorded as the answer to an HTTP/2 preface, which is refused with HTTP/2 frames rather than a status line. */
    private static final int H2_REFUSAL = 0;
    /**
     * A status line, whatever protocol token it echoes: Vert.x answers a request line it cannot decode with the version
     * Netty parsed from it, {@code HTTP/0.9 501 ...} for HTTP/0.9, and {@code N/SPA962.CFG$HTTP/1.1 400 ...} for a
     * mutated line whose last token reads as protocol {@code N/SPA962.CFG$HTTP}, version 1.1 (CI met that one). The
     * token has no whitespace, so nothing can be injected; answering {@code HTTP/1.1} instead is a separate issue.
     */
    private static final Pattern STATUS_LINE = Pattern.compile("[^ \\r\\n]{1,48} (\\d{3}) ");

    @Inject
    DeviceHttpListener listener;
    /** The public HTTP port: the device listener, which passes operator paths to Quarkus. */
    URI http;
    @BeforeEach
    void devicePort() {
        http = URI.create("http://127.0.0.1:" + listener.port() + "/");
    }

    @Test
    void realDownloadsCompleteWhileHostileRequestsArrive() throws Exception {
        String mac = ProfileEvents.mac('c');
        Map<String, byte[]> files = Map.of(
                "/profile/" + ProfileEvents.directory() + "/spa962.cfg", ProfileEvents.ciphertext(1535),
                "/bootstrap/spa" + mac + ".cfg", ProfileEvents.ciphertext(31));
        // Sorted: Map.of's order changes from one JVM to the next, and with it what the seed generates.
        List<String> paths = files.keySet().stream().sorted().toList();
        for (String path : paths) {
            ProfileEvents.send(ProfileEvents.published(path, path.startsWith("/profile") ? ProfileKind.CHAIN
                    : ProfileKind.BOOTSTRAP, mac, 1L, 1L, files.get(path)));
        }
        HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            for (String p : paths) {
                if (!Arrays.equals(fetch(probe, p), files.get(p))) {
                    return false;
                }
            }
            return true;
        });

        ExecutorService pool = Executors.newFixedThreadPool(FUZZERS + REAL_CLIENTS);
        CountDownLatch fuzzing = new CountDownLatch(FUZZERS);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicInteger closedWithoutAnswer = new AtomicInteger();
        AtomicInteger realDownloads = new AtomicInteger();
        List<Future<?>> tasks = new ArrayList<>();
        try {
            for (int i = 0; i < REAL_CLIENTS; i++) {
                int client = i;
                tasks.add(pool.submit(() -> {
                    HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                    int done = 0;
                    while (fuzzing.getCount() > 0 || done < 3) {
                        String path = paths.get((client + done) % paths.size());
                        try {
                            if (!Arrays.equals(fetch(c, path), files.get(path))) {
                                failures.add("client " + client + ": " + path + " not identical");
                            }
                        } catch (Exception e) {
                            failures.add("client " + client + ": " + path + " failed: " + e);
                        }
                        done++;
                        realDownloads.incrementAndGet();
                    }
                }));
            }
            for (int i = 0; i < FUZZERS; i++) {
                // Other sources than the real clients', so their misses never rate-limit 127.0.0.1.
                InetAddress source = InetAddress.getByName("127.0.0." + (70 + i));
                Random random = new Random(SEED + i);
                tasks.add(pool.submit(() -> {
                    try {
                        for (int n = 0; n < REQUESTS_PER_FUZZER; n++) {
                            byte[] request = hostile(random, paths);
                            Integer status = send(source, request, failures);
                            if (status == null) {
                                closedWithoutAnswer.incrementAndGet();
                            } else {
                                answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                                if (status >= 500 && !(versionRefusal(status) && !http1(request))) {
                                    failures.add("status " + status + " for "
                                            + printable(Arrays.copyOf(request, Math.min(request.length, 200))));
                                }
                            }
                        }
                    } finally {
                        fuzzing.countDown();
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(180, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("seed %d: no 5xx, no hang, every real download byte-identical; answers %s",
                SEED, answers).isEmpty();
        assertThat(realDownloads.get()).isGreaterThanOrEqualTo(REAL_CLIENTS * 3);
        assertThat(answers.keySet()).as("the hostile requests were answered, not only dropped (%s, %d closed)",
                answers, closedWithoutAnswer.get()).contains(400, 404);
        for (String path : paths) {
            assertThat(fetch(probe, path)).as("%s after the fuzzing", path).isEqualTo(files.get(path));
        }
        HttpResponse<String> live = probe.send(HttpRequest.newBuilder(http.resolve("/q/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestLineWhoseLastTokenOnlyLooksLikeAVersionIsRefused() throws Exception {
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        byte[] request = "GET /PROFILE/AB N/SPA962.CFG$HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

        Integer status = send(InetAddress.getByName("127.0.0.69"), request, failures);

        assertThat(failures).as("the answer reads as a status line").isEmpty();
        assertThat(status).as("a version it does not speak (501), or a bad request (400)").isIn(400, 501);
    }

    private byte[] fetch(HttpClient client, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(http.resolve(path))
                .header("User-Agent", "Cisco/SPA962-6.1.5(a) (http-fuzz)").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("status " + r.statusCode());
        }
        return r.body();
    }

    /**
     * Writes the bytes on a fresh connection from {@code source}, half-closes, and reads the answer's status code;
     * {@code null} if the server closed without one (a hang is a failure).
     */
    private Integer send(InetAddress source, byte[] request, Queue<String> failures) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress("127.0.0.1", http.getPort()), 5000);
            s.setSoTimeout(10_000);
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
                s.shutdownOutput();
            } catch (IOException e) {
                // The server may answer and close before reading everything (a line or header too long).
            }
            byte[] head = readHead(s.getInputStream());
            if (head.length < 12) {
                return null;
            }
            String line = new String(head, StandardCharsets.ISO_8859_1);
            if (head[0] == 0 && startsWith(request, "PRI * HTTP/2.0")) {
                return H2_REFUSAL; // an HTTP/2 preface gets HTTP/2 frames back (GOAWAY), which is a refusal
            }
            Matcher status = STATUS_LINE.matcher(line);
            if (!status.lookingAt()) {
                failures.add("not an HTTP answer: " + printable(head));
                return null;
            }
            return Integer.parseInt(status.group(1));
        } catch (SocketTimeoutException e) {
            failures.add("no answer and no close within 10 s for "
                    + printable(Arrays.copyOf(request, Math.min(request.length, 200))));
            return null;
        } catch (IOException e) {
            return null; // reset by the server: a refusal
        }
    }

    /**
     * 501 and 505 are how HTTP refuses a protocol version it does not speak (RFC 9110 §15.6.6), so they are the right
     * answer, not a server fault, to a request line whose version is neither HTTP/1.0 nor HTTP/1.1.
     */
    private static boolean versionRefusal(int status) {
        return status == 501 || status == 505;
    }

    private static boolean http1(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n");
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith(" HTTP/1.1") || line.endsWith(" HTTP/1.0");
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        return new String(bytes, 0, Math.min(bytes.length, prefix.length()), StandardCharsets.ISO_8859_1)
                .equals(prefix);
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while (out.size() < 64 && (c = in.read()) != -1) {
            out.write(c);
        }
        return out.toByteArray();
    }

    /** Hostile requests: random bytes, mutated real requests, and the classic tricks on request lines and headers. */
    static byte[] hostile(Random random, List<String> paths) {
        String real = paths.get(random.nextInt(paths.size()));
        switch (random.nextInt(12)) {
            case 0: {
                byte[] b = new byte[random.nextInt(2000)];
                random.nextBytes(b);
                return b;
            }
            case 1: {
                byte[] valid = ascii(get(real, ""));
                for (int flips = 1 + random.nextInt(6); flips > 0; flips--) {
                    valid[random.nextInt(valid.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return valid;
            }
            case 2: {
                byte[] valid = ascii(get(real, ""));
                return Arrays.copyOf(valid, random.nextInt(valid.length));
            }
            case 3:
                return ascii(pick(random, "BREW", "PROPFIND", "CONNECT", "TRACE", "DELETE", "PUT", "POST", "OPTIONS",
                        "get", "G\u0000T", "GETGETGETGETGETGETGETGET") + " " + real + " HTTP/1.1\r\nHost: d\r\n"
                        + "Content-Length: 3\r\n\r\nabc");
            case 4:
                return ascii("GET " + pick(random, "/profile/%2e%2e/%2e%2e/etc/passwd", "/../../etc/passwd",
                        real + "%00.txt", real + "/", "//" + real, real.replace('/', '\\'), "/profile/%c0%ae%c0%ae/x",
                        "http://evil.example" + real, "*", "", "/bootstrap/" + "a".repeat(5000) + ".xml",
                        real + "?x=" + "%".repeat(300), "/q/../" + real, "/api/v1/../../" + real,
                        "/api/v1/files?path=" + real, "/q/metrics/..%2f..%2f", real + "#frag")
                        + " HTTP/1.1\r\nHost: d\r\n\r\n");
            case 5:
                return ascii("GET " + real + " " + pick(random, "HTTP/0.9", "HTTP/9.9", "HTTP/1.1 extra", "HTTPS/1.1",
                        "HTTP/1", "", "HTTP/2.0", "HTTP/1.1\u0000") + "\r\n\r\n");
            case 6:
                return ascii(get(real, "X-Big: " + "x".repeat(random.nextInt(40_000)) + "\r\n"));
            case 7: {
                StringBuilder many = new StringBuilder();
                for (int i = 0, n = random.nextInt(2000); i < n; i++) {
                    many.append("X-").append(i).append(": ").append(i).append("\r\n");
                }
                return ascii(get(real, many.toString()));
            }
            case 8:
                return ascii(get(real, pick(random, "NoColonHere\r\n", " folded: continuation\r\n",
                        "Host: second\r\n", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        "Content-Length: -1\r\n", "Content-Length: 99999999999999999999\r\n",
                        "Transfer-Encoding: chunked\r\n\r\nzz\r\n", "User-Agent: \u00ff\u00fe\u0000\u0007\r\n",
                        "Bad\u0000Name: v\r\n", "X: a\rb\r\n", "Connection: upgrade\r\nUpgrade: h2c\r\n",
                        "If-None-Match: \"" + "\"".repeat(500) + "\r\n", "Expect: 100-continue\r\n")));
            case 9:
                return ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + "\u0000".repeat(random.nextInt(64)));
            case 10: {
                byte[] junk = new byte[random.nextInt(300)];
                random.nextBytes(junk);
                byte[] valid = ascii(get(real, ""));
                byte[] both = Arrays.copyOf(valid, valid.length + junk.length);
                System.arraycopy(junk, 0, both, valid.length, junk.length);
                return both; // a real request, then garbage pipelined behind it
            }
            default:
                return ascii("GET /" + "a".repeat(1 + random.nextInt(20_000)) + " HTTP/1.1\r\nHost: d\r\n\r\n");
        }
    }

    private static String get(String path, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: delivery\r\nUser-Agent: fuzz\r\n" + extraHeaders
                + "Connection: close\r\n\r\n";
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            s.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }
}
