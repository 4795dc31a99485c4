package io.keyturn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.keyturn.delivery.serve.DeviceHttpListener;
import io.keyturn.delivery.serve.MtlsEndpoint;
import io.keyturn.delivery.serve.TftpEndpoint;
import io.keyturn.events.delivery.DeliveryDenied;
import io.keyturn.events.delivery.DeliveryFetched;
import io.keyturn.events.delivery.DeliveryProtocol;
import io.keyturn.events.delivery.DeliveryRetiredPathHit;
import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.delivery.FetchResult;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.WithdrawalReason;
import io.keyturn.protocol.tftp.TftpClient;
import io.keyturn.protocol.tftp.TftpErrorCode;
import io.keyturn.protocol.tftp.TftpException;
import io.keyturn.testsupport.DeviceCa;
import io.keyturn.testsupport.ServiceTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files published on {@code keyturn.profiles} are served byte-identical over TFTP, HTTP and HTTPS with a device
 * certificate; withdrawn files are gone everywhere; a device's certificate fetches only its own files; every
 * fetch, denial and retired-path hit reaches {@code keyturn.deliveries}.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(DeliveryTestResource.class)
class DeliveryIT {

    private static final Duration VISIBLE = Duration.ofSeconds(30);
    private static DeliveryEvents events;

    @Inject
    TftpEndpoint tftp;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MtlsEndpoint mtls;
    @Inject
    DeviceHttpListener listener;
    /** The public HTTP port: the device listener, which passes operator paths to Quarkus. */
    URI http;
    @TestHTTPResource("/")
    URI quarkusHttp;

    @BeforeEach
    void devicePort() {
        http = URI.create("http://127.0.0.1:" + listener.port() + "/");
    }

    private final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void listen() {
        events = new DeliveryEvents();
    }

    @AfterAll
    static void stopListening() {
        events.close();
    }

    @Test
    void servesAPublishedFileByteIdenticalOverTftpHttpAndHttps(@TempDir Path tmp) throws Exception {
        String mac = ProfileEvents.mac('b');
        String path = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        byte[] content = ProfileEvents.ciphertext(1535); // 24 KiB, as the benchmark's profiles
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, mac, 1L, 1L, content));

        HttpResponse<byte[]> overHttp = awaitServed(path);
        assertThat(overHttp.body()).isEqualTo(content);
        assertThat(overHttp.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(overHttp.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(overHttp.headers().firstValue("Date")).as("RFC 9110 §6.6.1").isPresent();
        assertThat(plain.send(get(http.resolve("/profile/" + ProfileEvents.directory() + "/spa962.cfg")),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("Date")).as("on a 404 too").isPresent();

        assertThat(TftpClient.builder().blockSize(1468).build().get(tftpAddress(), path)).isEqualTo(content);
        assertThat(TftpClient.builder().build().get(tftpAddress(), path.substring(1)))
                .as("a TFTP name without the leading slash is the same file").isEqualTo(content);

        HttpResponse<byte[]> overHttps = https(device(mac)).send(get(httpsUri(path)),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(overHttps.statusCode()).isEqualTo(200);
        assertThat(overHttps.body()).isEqualTo(content);

        Path curl = Path.of("/usr/bin/curl");
        if (Files.isExecutable(curl)) {
            Path out = tmp.resolve("curl.cfg");
            Process p = new ProcessBuilder(curl.toString(), "-sS", "--max-time", "20", "-o", out.toString(),
                    "tftp://127.0.0.1:" + tftpAddress().getPort() + path).redirectErrorStream(true).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isZero();
            assertThat(Files.readAllBytes(out)).isEqualTo(content);
        }

        for (DeliveryProtocol protocol : DeliveryProtocol.values()) {
            DeliveryFetched fetched = events.await(DeliveryFetched.class,
                    f -> f.path().equals(path) && f.protocol() == protocol, VISIBLE).orElseThrow(() ->
                    new AssertionError("no delivery.fetched for " + protocol));
            assertThat(fetched.kind()).isEqualTo(ProfileKind.CHAIN);
            assertThat(fetched.mac()).isEqualTo(mac);
            assertThat(fetched.generation()).isEqualTo(1L);
            assertThat(fetched.result()).isEqualTo(FetchResult.COMPLETED);
            assertThat(fetched.bytes()).isEqualTo(content.length);
            assertThat(fetched.sourceAddress()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void servesStageZeroToAnyoneAndHeadGivesTheLengthOnly() throws Exception {
        String path = "/spa" + (900 + (int) (Math.random() * 99)) + "x.cfg";
        byte[] xml = "<flat-profile><Profile_Rule>http://p.example/bootstrap/spa$MA.cfg</Profile_Rule></flat-profile>"
                .getBytes(StandardCharsets.US_ASCII);
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.STAGE0, null, null, null, xml));
        assertThat(awaitServed(path).body()).isEqualTo(xml);

        HttpResponse<byte[]> head = plain.send(HttpRequest.newBuilder(http.resolve(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(xml.length));
        assertThat(head.body()).isEmpty();

        assertThat(https(device(ProfileEvents.mac('c'))).send(get(httpsUri(path)),
                HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(xml);
        assertThat(TftpClient.builder().build().get(tftpAddress(), path)).isEqualTo(xml);

        DeliveryFetched fetched = events.await(DeliveryFetched.class,
                f -> f.path().equals(path) && f.protocol() == DeliveryProtocol.TFTP, VISIBLE).orElseThrow();
        assertThat(fetched.kind()).isEqualTo(ProfileKind.STAGE0);
        assertThat(fetched.generation()).isNull();
    }

    @Test
    void operatorPathsOnThePublicPortReachQuarkusOnTheSameConnectionAsDevicePaths() throws Exception {
        String path = "/spa" + (800 + (int) (Math.random() * 99)) + "y.cfg";
        byte[] xml = "<flat-profile><Resync_Periodic>3600</Resync_Periodic></flat-profile>"
                .getBytes(StandardCharsets.US_ASCII);
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.STAGE0, null, null, null, xml));
        assertThat(awaitServed(path).body()).isEqualTo(xml);

        HttpResponse<String> ready = plain.send(get(http.resolve("/q/health/ready")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\": \"UP\"");
        assertThat(status("/api/v1/tls/device-cas")).as("the operator API, without a token").isEqualTo(401);

        // One keep-alive connection, pipelined: a device file, health (the connection then goes to Quarkus), the file
        // again (now answered by Quarkus' router, as on its own port), then close.
        String host = "Host: 127.0.0.1\r\n";
        String pipelined = "GET " + path + " HTTP/1.1\r\n" + host + "\r\n"
                + "GET /q/health/live HTTP/1.1\r\n" + host + "\r\n"
                + "GET " + path + " HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n";
        String answers = new String(rawBytes(InetAddress.getLoopbackAddress(), pipelined), StandardCharsets.ISO_8859_1);
        assertThat(java.util.regex.Pattern.compile("HTTP/1\\.1 (\\d{3})").matcher(answers).results()
                .map(m -> m.group(1)).toList()).containsExactly("200", "200", "200");
        String body = new String(xml, StandardCharsets.ISO_8859_1);
        assertThat(answers.indexOf(body)).isNotNegative();
        assertThat(answers.indexOf(body, answers.indexOf(body) + 1)).as("the file, twice").isPositive();

        // Quarkus' own port, where the device routes still answer (with the listener off, it is the public port).
        HttpResponse<byte[]> direct = plain.send(get(quarkusHttp.resolve(path)), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(direct.body()).isEqualTo(xml);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderEvenWhenSomeWaitForTheStore() throws Exception {
        String a = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        String b = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        byte[] contentA = ProfileEvents.ciphertext(1535);
        byte[] contentB = ProfileEvents.ciphertext(7);
        ProfileEvents.send(ProfileEvents.published(a, ProfileKind.CHAIN, ProfileEvents.mac('b'), 1L, 1L, contentA));
        ProfileEvents.send(ProfileEvents.published(b, ProfileKind.CHAIN, ProfileEvents.mac('b'), 1L, 1L, contentB));
        awaitServed(a);
        awaitServed(b);
        // 150 requests in one write: the files (answered from memory) and, every tenth, a path nobody published,
        // which the store must look up in the table, off the event loop, while the requests behind it wait. 15
        // misses stay within the source's miss budget (20).
        StringBuilder pipelined = new StringBuilder();
        java.util.List<Integer> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String path = i % 10 == 9 ? "/profile/" + ProfileEvents.directory() + "/spa962.cfg" : i % 2 == 0 ? a : b;
            pipelined.append("GET ").append(path).append(" HTTP/1.1\r\nHost: x\r\n")
                    .append(i == 149 ? "Connection: close\r\n" : "").append("\r\n");
            expected.add(i % 10 == 9 ? -1 : i % 2 == 0 ? contentA.length : contentB.length);
        }
        byte[] all = rawBytes(InetAddress.getByName("127.0.0.7"), pipelined.toString());
        java.util.List<Integer> answered = new java.util.ArrayList<>();
        int at = 0;
        while (at < all.length) {
            String rest = new String(all, at, Math.min(all.length - at, 2048), StandardCharsets.ISO_8859_1);
            int headEnd = rest.indexOf("\r\n\r\n");
            assertThat(headEnd).as("a complete response head at byte %d", at).isPositive();
            int status = Integer.parseInt(rest.substring(9, 12));
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)")
                    .matcher(rest.substring(0, headEnd));
            assertThat(length.find()).isTrue();
            int bodyLength = Integer.parseInt(length.group(1));
            byte[] body = java.util.Arrays.copyOfRange(all, at + headEnd + 4, at + headEnd + 4 + bodyLength);
            if (status == 200) {
                assertThat(body).isEqualTo(bodyLength == contentA.length ? contentA : contentB);
                answered.add(bodyLength);
            } else {
                assertThat(status).isEqualTo(404);
                answered.add(-1);
            }
            at += headEnd + 4 + bodyLength;
        }
        assertThat(answered).isEqualTo(expected);
    }

    @Test
    void badRequestLinesAndHeadersAreRefusedWithAStatusAndAClose() throws Exception {
        InetAddress local = InetAddress.getLoopbackAddress();
        assertThat(raw(local, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(414);
        assertThat(raw(local, "GET /spa962.cfg HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n")
                .status()).isEqualTo(431);
        assertThat(raw(local, "GET /spa962.cfg HTTP/1.1\r\nHost x\r\nBroken header\r\n\r\n").status())
                .isBetween(400, 499);
        assertThat(raw(local, "DELETE /spa962.cfg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status())
                .isEqualTo(405);
    }

    @Test
    void withdrawnFileIsGoneOverEveryProtocol() throws Exception {
        String mac = ProfileEvents.mac('b');
        String path = "/bootstrap/spa" + mac + ".cfg";
        byte[] content = ProfileEvents.ciphertext(40);
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.BOOTSTRAP, mac, 1L, 1L, content));
        awaitServed(path);

        ProfileEvents.send(ProfileEvents.withdrawn(path, ProfileKind.BOOTSTRAP, mac, 1L,
                WithdrawalReason.BOOTSTRAP_DISARMED));
        await().atMost(VISIBLE).until(() -> status(path) == 404);

        assertThatThrownBy(() -> TftpClient.builder().build().get(tftpAddress(), path))
                .isInstanceOfSatisfying(TftpException.class,
                        e -> assertThat(e.code()).isEqualTo(TftpErrorCode.FILE_NOT_FOUND));
        assertThat(https(device(mac)).send(get(httpsUri(path)), HttpResponse.BodyHandlers.ofByteArray())
                .statusCode()).isEqualTo(404);
        DeliveryDenied denied = events.await(DeliveryDenied.class,
                d -> d.path().equals(path) && d.protocol() == DeliveryProtocol.HTTP, VISIBLE).orElseThrow();
        assertThat(denied.reason()).isEqualTo(DenialReason.NOT_FOUND);
        assertThat(denied.mac()).as("the MAC the path names").isEqualTo(mac);
    }

    @Test
    void anotherDevicesCertificateCannotFetchAFileItDoesNotOwn() throws Exception {
        String owner = ProfileEvents.mac('b');
        String other = ProfileEvents.mac('b');
        String path = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, owner, 2L, 2L, ProfileEvents.ciphertext(8)));
        awaitServed(path);

        HttpResponse<byte[]> stolen = https(device(other)).send(get(httpsUri(path)),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(stolen.body()).isEmpty();
        DeliveryDenied denied = events.await(DeliveryDenied.class,
                d -> d.path().equals(path) && d.reason() == DenialReason.WRONG_CLIENT_CERTIFICATE, VISIBLE)
                .orElseThrow();
        assertThat(denied.mac()).isEqualTo(other);
        assertThat(denied.protocol()).isEqualTo(DeliveryProtocol.HTTPS);

        HttpResponse<byte[]> generic = https(ca().issueGeneric(Duration.ofDays(1))).send(get(httpsUri(path)),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(generic.statusCode()).isEqualTo(404);
        assertThat(events.await(DeliveryDenied.class,
                d -> d.path().equals(path) && d.reason() == DenialReason.GENERIC_CERTIFICATE, VISIBLE)).isPresent();
    }

    @Test
    void refusesClientsWithoutACertificateFromTheDeviceCa() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().sslContext(trustOnly()).build();
        assertThatThrownBy(() -> anonymous.send(get(httpsUri("/spa962.cfg")), HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(IOException.class);

        DeviceCa stranger = DeviceCa.generate("not the device CA");
        HttpClient strangerClient = HttpClient.newBuilder()
                .sslContext(stranger.issueDevice(ProfileEvents.mac('b'), "SPA-962", "88012BA01234", Duration.ofDays(1))
                        .clientContext(ca().certificate())).build();
        assertThatThrownBy(() -> strangerClient.send(get(httpsUri("/spa962.cfg")),
                HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
    }

    @Test
    void mtlsBootstrapComesFromCryptoOnlyForTheCertificatesOwnMac() throws Exception {
        String mac = ProfileEvents.mac('a');
        String path = "/bootstrap/" + mac + ".xml";
        HttpResponse<String> own = https(device(mac)).send(get(httpsUri(path)), HttpResponse.BodyHandlers.ofString());
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).isEqualTo(DeliveryTestResource.bootstrapBody(mac));
        assertThat(own.headers().firstValue("Cache-Control")).hasValue("no-store");
        DeliveryFetched fetched = events.await(DeliveryFetched.class, f -> f.path().equals(path), VISIBLE).orElseThrow();
        assertThat(fetched.kind()).isEqualTo(ProfileKind.BOOTSTRAP);
        assertThat(fetched.generation()).isEqualTo(3L);

        String thief = ProfileEvents.mac('a');
        assertThat(https(device(thief)).send(get(httpsUri(path)), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(404);
        assertThat(status(path)).as("never over plain HTTP").isEqualTo(404);
        assertThat(events.await(DeliveryDenied.class, d -> d.path().equals(path)
                && d.reason() == DenialReason.CLIENT_CERTIFICATE_REQUIRED, VISIBLE)).isPresent();

        String disarmed = "/bootstrap/" + DeliveryTestResource.DISARMED_MAC + ".xml";
        assertThat(https(device(DeliveryTestResource.DISARMED_MAC)).send(get(httpsUri(disarmed)),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(events.await(DeliveryDenied.class, d -> d.path().equals(disarmed)
                && d.reason() == DenialReason.BOOTSTRAP_DISARMED, VISIBLE)).isPresent();
    }

    @Test
    void fetchOfARetiredPathIsASecurityEvent() throws Exception {
        String mac = ProfileEvents.mac('b');
        String path = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, mac, 4L, 5L, ProfileEvents.ciphertext(8)),
                ProfileEvents.withdrawn(path, ProfileKind.CHAIN, mac, 4L, WithdrawalReason.GENERATION_RETIRED));
        await().atMost(VISIBLE).until(() -> status(path) == 404);
        DeliveryRetiredPathHit hit = events.await(DeliveryRetiredPathHit.class, h -> h.path().equals(path), VISIBLE)
                .orElseThrow();
        assertThat(hit.mac()).isEqualTo(mac);
        assertThat(hit.retiredGeneration()).isEqualTo(4L);

        // A replayed publish of the retired generation does not bring the file back.
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, mac, 4L, 5L, ProfileEvents.ciphertext(8)));
        String marker = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        ProfileEvents.send(ProfileEvents.published(marker, ProfileKind.CHAIN, mac, 6L, 6L, ProfileEvents.ciphertext(2)));
        awaitServed(marker);
        assertThat(status(path)).isEqualTo(404);
    }

    @Test
    void keepsTheNewestFileAtAPathWhateverTheOrderEventsArrive() throws Exception {
        String mac = ProfileEvents.mac('b');
        String path = "/bootstrap/spa" + mac + ".cfg";
        byte[] newer = ProfileEvents.ciphertext(4);
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.BOOTSTRAP, mac, 2L, 2L, newer),
                ProfileEvents.published(path, ProfileKind.BOOTSTRAP, mac, 1L, 1L, ProfileEvents.ciphertext(4)),
                ProfileEvents.withdrawn(path, ProfileKind.BOOTSTRAP, mac, 1L, WithdrawalReason.BOOTSTRAP_DISARMED));
        String marker = "/bootstrap/spa" + ProfileEvents.mac('b') + ".cfg";
        ProfileEvents.send(ProfileEvents.published(marker, ProfileKind.BOOTSTRAP, marker.substring(14, 26), 1L, 1L,
                ProfileEvents.ciphertext(2)));
        awaitServed(marker);
        assertThat(awaitServed(path).body()).isEqualTo(newer);
    }

    @Test
    void skipsARecordThatIsNotAKeyturnEvent() throws Exception {
        ProfileEvents.sendRaw("000e08bbbbbb", "{not json".getBytes(StandardCharsets.UTF_8));
        String path = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        byte[] content = ProfileEvents.ciphertext(3);
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, "000e08bbbbbb", 1L, 1L, content));
        assertThat(awaitServed(path).body()).isEqualTo(content);
    }

    @Test
    void refusesTraversalAndEncodingTricksWithAPlain404() throws Exception {
        String dir = ProfileEvents.directory();
        String path = "/profile/" + dir + "/spa962.cfg";
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, ProfileEvents.mac('b'), 1L, 1L,
                ProfileEvents.ciphertext(2)));
        awaitServed(path);
        String[] tricks = {
            "/profile/" + dir + "/../" + dir + "/spa962.cfg",
            "/profile/" + dir + "/./spa962.cfg",
            "/profile//" + dir + "/spa962.cfg",
            "/profile/" + dir + "/spa962%2ecfg",
            "/profile/" + dir + "%2fspa962.cfg",
            "/profile/" + dir + "/spa962.cfg%00",
            "/profile/" + dir + "/spa962.cfg/",
            "/PROFILE/" + dir + "/spa962.cfg",
            "/profile/" + dir + "/",
            "/profile/",
        };
        for (String trick : tricks) {
            RawResponse r = raw(InetAddress.getLoopbackAddress(), "GET " + trick + " HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(r.status()).as(trick).isEqualTo(404);
            assertThat(r.body()).as(trick).isEmpty();
        }
        // Not even a valid request target: the HTTP parser answers 400 before any route, equally bare.
        RawResponse backslash = raw(InetAddress.getLoopbackAddress(), "GET /profile/" + dir + "\\spa962.cfg HTTP/1.1\r\n"
                + "Host: x\r\nConnection: close\r\n\r\n");
        assertThat(backslash.status()).isEqualTo(400);
        assertThat(backslash.body()).isEmpty();
        RawResponse post = raw(InetAddress.getLoopbackAddress(), "POST " + path + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        assertThat(post.status()).isEqualTo(405);
        assertThat(status(path)).as("the real path still works").isEqualTo(200);
    }

    @Test
    void rateLimitsASourceThatKeepsMissing() throws Exception {
        InetAddress scanner = InetAddress.getByName("127.0.0.99");
        int burst = ConfigProvider.getConfig().getValue("keyturn.delivery.miss-limit.burst", Integer.class);
        String path = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        ProfileEvents.send(ProfileEvents.published(path, ProfileKind.CHAIN, ProfileEvents.mac('b'), 1L, 1L,
                ProfileEvents.ciphertext(2)));
        awaitServed(path);
        for (int i = 0; i < burst; i++) {
            assertThat(raw(scanner, "GET /profile/guess" + i + "/spa962.cfg HTTP/1.1\r\nHost: x\r\nConnection: close"
                    + "\r\n\r\n").status()).isEqualTo(404);
        }
        assertThat(raw(scanner, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status())
                .as("a limited source is refused even for a path that exists").isEqualTo(429);
        assertThat(status(path)).as("other sources are not limited").isEqualTo(200);
        DeliveryDenied limited = events.await(DeliveryDenied.class, d -> d.sourceAddress().equals("127.0.0.99")
                && d.reason() == DenialReason.RATE_LIMITED, VISIBLE).orElseThrow();
        assertThat(limited.protocol()).isEqualTo(DeliveryProtocol.HTTP);
        assertThat(events.all(DeliveryDenied.class, d -> d.sourceAddress().equals("127.0.0.99")
                && d.reason() == DenialReason.NOT_FOUND)).hasSizeLessThanOrEqualTo(burst);
    }

    @Test
    void servesWhatAnotherReplicaWroteToTheSharedTable() throws Exception {
        // Another replica applied an event this one never saw: only the table's revision feed can tell it.
        String path = "/profile/" + ProfileEvents.directory() + "/spa962.cfg";
        byte[] content = ProfileEvents.ciphertext(5);
        assertThat(status(path)).as("cached as absent first").isEqualTo(404);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO published_file (path, revision, state, kind,"
                    + " mac, generation, target_generation, content_type, sha256, content)"
                    + " VALUES (?, nextval('file_revision'), 'live', 'chain', ?, 1, 1, 'application/octet-stream', ?, ?)")) {
                ps.setString(1, path);
                ps.setString(2, ProfileEvents.mac('b'));
                ps.setString(3, ProfileEvents.sha256(content));
                ps.setBytes(4, content);
                ps.executeUpdate();
            }
            c.commit();
        }
        assertThat(awaitServed(path).body()).isEqualTo(content);
    }

    @Test
    void leavesOperatorPathsToQuarkus() throws Exception {
        assertThat(status("/q/health/live")).isEqualTo(200);
    }

    @Test
    void theLegacyTlsPortIsClosedUnlessTurnedOn() {
        int legacy = ConfigProvider.getConfig().getValue("keyturn.delivery.https.legacy.port", Integer.class);
        assertThat(mtls.legacyPort()).isEmpty();
        assertThatThrownBy(() -> new Socket("127.0.0.1", legacy).close()).isInstanceOf(java.net.ConnectException.class);
    }

    // --- helpers

    private HttpResponse<byte[]> awaitServed(String path) {
        HttpResponse<byte[]>[] last = new HttpResponse[1];
        await().atMost(VISIBLE).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = plain.send(get(http.resolve(path)), HttpResponse.BodyHandlers.ofByteArray());
            return last[0].statusCode() == 200;
        });
        return last[0];
    }

    private int status(String path) throws Exception {
        return plain.send(get(http.resolve(path)), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    }

    private URI httpsUri(String path) {
        return URI.create("https://127.0.0.1:" + mtls.port().orElseThrow() + path);
    }

    private InetSocketAddress tftpAddress() {
        return new InetSocketAddress("127.0.0.1", tftp.localAddress().orElseThrow().getPort());
    }

    private static DeviceCa ca() throws IOException {
        return DeviceCa.load(Path.of(ConfigProvider.getConfig().getValue("keyturn.test.device-ca-dir", String.class)));
    }

    private static DeviceCa.Issued device(String mac) throws IOException {
        return ca().issueDevice(mac, "SPA-962", "88012BA01234", Duration.ofDays(1));
    }

    private static HttpClient https(DeviceCa.Issued cert) throws IOException {
        return HttpClient.newBuilder().sslContext(cert.clientContext(ca().certificate()))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static javax.net.ssl.SSLContext trustOnly() throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, DeviceCa.trust(ca().certificate()).getTrustManagers(), null);
        return context;
    }

    private record RawResponse(int status, byte[] body) {
    }

    private byte[] rawBytes(InetAddress local, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(local, 0));
            s.connect(new InetSocketAddress("127.0.0.1", http.getPort()), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return in.readAllBytes();
        }
    }

    /** Sends bytes exactly as given (no client normalises the path) from {@code local}, reads to the end. */
    private RawResponse raw(InetAddress local, String request) throws IOException {
        byte[] all = rawBytes(local, request);
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        int bodyAt = text.indexOf("\r\n\r\n") + 4;
        byte[] body = java.util.Arrays.copyOfRange(all, bodyAt, all.length);
        return new RawResponse(status, body);
    }
}
