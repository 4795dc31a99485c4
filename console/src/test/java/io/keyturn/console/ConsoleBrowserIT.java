package io.keyturn.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventRecord;
import io.keyturn.events.Topics;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.keyturn.events.profile.WithdrawalReason;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.Fleet;
import io.keyturn.simulator.ProfileTransport;
import io.keyturn.simulator.SyslogSink;
import io.keyturn.simulator.time.VirtualScheduler;
import io.keyturn.simulator.transport.HttpProfileTransport;
import io.keyturn.simulator.transport.TftpProfileTransport;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in a real headless Chromium against the real local stack (as {@code ./keyturn up} runs it, console
 * included) and a simulated fleet that resyncs all the while: sign in, find a device, start a campaign and watch
 * it progress live, pause and resume it, see a retired-path hit appear. Screenshots go to docs/console/.
 * Skipped, with the reason, where Debian's chromium and chromium-driver are not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("keyturn.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("keyturn.chromedriver", "/usr/bin/chromedriver"));
    // Every port of the stack below 32768, where Linux hands out no ephemeral ports: at 21000 PostgreSQL's 36432 was
    // in that range, and CI once found it held by some connection's local end ("in use by another program").
    private static final int OFFSET = Integer.getInteger("keyturn.console.it.offset", 16000);
    private static final String GROUP = "console-it";
    private static final int DEVICES = 12;
    private static final String[] MODELS = {"SPA962", "SPA942"};
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private static Path root;
    private static Path work;
    private static Process stack;
    private static String token;
    private static String firstMac;
    private static final VirtualScheduler CLOCK = new VirtualScheduler();
    private static Fleet fleet;
    private static volatile boolean stepping;
    private static Thread stepper;
    private static WebDriver browser;

    @BeforeAll
    static void startStackFleetAndBrowser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: no headless browser here (" + CHROMIUM + " and " + CHROMEDRIVER
                        + " come from Debian's chromium and chromium-driver; .ci/run installs them)");
        root = Path.of(System.getProperty("keyturn.root", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve("local-stack/target/keyturn-local-stack.jar");
        Assumptions.assumeTrue(Files.isRegularFile(jar), "skipped: " + jar + " is not built");
        work = root.resolve("console/target/it");
        deleteTree(work);
        Files.createDirectories(work);
        Path log = work.resolve("stack.log");
        stack = new ProcessBuilder(stackCommand("up", "--data", work.resolve("stack").toString(), "--port-offset",
                Integer.toString(OFFSET))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plusSeconds(300);
        // The console's address is printed on the lines after "ready in": wait for the whole banner, not its first line.
        String consoleAddress = ":" + (8080 + OFFSET) + "/";
        while (!Files.readString(log).contains("keyturn: ready in") || !Files.readString(log).contains(consoleAddress)) {
            if (!stack.isAlive()) {
                fail("the stack exited with " + stack.exitValue() + " before it was ready:\n" + Files.readString(log));
            }
            if (Instant.now().isAfter(deadline)) {
                fail("the stack was not ready within 300 s:\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        assertThat(Files.readString(log)).contains("console").contains(consoleAddress);
        Process t = new ProcessBuilder(stackCommand("dev", "token", "--data", work.resolve("stack").toString(), "--role",
                "fleet-admin", "--subject", "console-it")).redirectErrorStream(true).start();
        token = new String(t.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(t.waitFor()).as(token).isZero();
        registerFleet();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory(work, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // A laptop screen.
        browser.manage().window().setSize(new Dimension(1366, 900));
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        stepping = false;
        if (stepper != null) {
            stepper.join(10_000);
        }
        if (stack != null) {
            stack.destroy();
            if (!stack.waitFor(120, TimeUnit.SECONDS)) {
                stack.destroyForcibly();
            }
        }
    }

    @Test
    @Order(1)
    void signsInAndFindsADevice() throws Exception {
        open("/");
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
        // Bad input first: a message next to the field, and no session.
        browser.findElement(By.id("name")).clear();
        browser.findElement(By.id("name")).sendKeys("not a name!");
        browser.findElement(By.id("sign-in")).click();
        assertThat(browser.findElement(By.id("name-error")).getText()).contains("letters, digits");
        browser.findElement(By.id("name")).clear();
        browser.findElement(By.id("name")).sendKeys("alice");
        browser.findElement(By.cssSelector("input[name=role][value=operator]")).click();
        browser.findElement(By.id("sign-in")).click();
        awaitText(By.tagName("h1"), "Fleet");
        // 0 once crypto-service exports keyturn_devices_stranded; "?" (and saying so) while it does not. Never red here.
        assertThat(browser.findElement(By.id("stranded")).getDomAttribute("class")).doesNotContain("bad");
        assertThat(browser.findElement(By.id("devices")).getText()).contains(firstMac);
        screenshot("fleet");

        WebElement q = browser.findElement(By.id("q"));
        q.sendKeys(firstMac.substring(0, 2) + ":" + firstMac.substring(2, 4) + ":" + firstMac.substring(4, 6) + ":"
                + firstMac.substring(6, 8) + ":" + firstMac.substring(8, 10) + ":" + firstMac.substring(10));
        q.submit();
        awaitText(By.tagName("h1"), firstMac);
        assertThat(browser.findElement(By.id("chain")).getText()).contains("generation 1", "confirmed", "fingerprint");
        assertThat(browser.findElement(By.id("fetches")).getText()).containsAnyOf("tftp", "http");
        screenshot("device");
    }

    @Test
    @Order(2)
    void watchesACampaignProgressLiveWhileDevicesResyncAndPausesAndResumesIt() throws Exception {
        open("/campaigns");
        fill("group", GROUP + "//x");
        fill("ratePerMinute", "24");
        fill("canaryPercent", "0");
        fill("stopAfter", "5/100");
        browser.findElement(By.id("preflight")).click();
        // The preflight is a form POST: the click can return before the answer's page has replaced this one (CI once
        // looked for the error on the old page), so wait for it as for the preflight's result below.
        assertThat(awaitElement(By.id("group-error")).getText()).contains("separated by '/'");
        assertThat(browser.findElements(By.id("start"))).isEmpty();
        fill("group", GROUP);
        browser.findElement(By.id("preflight")).click();
        assertThat(awaitElement(By.id("preflight-result")).getText()).contains(DEVICES + " devices would rotate");
        screenshot("campaigns");
        browser.findElement(By.id("start")).click();
        awaitText(By.tagName("h1"), "Campaign");
        String page = browser.getCurrentUrl();

        // Live: the numbers and the chart move without a reload (the page's URL and document stay the same).
        Object marker = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.itMarker = Math.random();");
        await(() -> confirmed() >= 1, "a first device confirmed on the live page");
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.itMarker;")).isEqualTo(marker);
        assertThat(browser.getCurrentUrl()).isEqualTo(page);

        clickWhenShown(By.id("pause"));
        awaitText(By.id("campaign-state"), "paused");
        clickWhenShown(By.id("resume"));
        awaitText(By.id("campaign-state"), "running");
        await(() -> confirmed() >= DEVICES / 2, "half the fleet confirmed");
        int points = Integer.parseInt(String.valueOf(browser.findElement(By.id("progress-chart")).getDomAttribute("data-points")));
        assertThat(points).isGreaterThanOrEqualTo(3);
        screenshot("campaign");
        await(() -> text(By.id("campaign-state")).equals("completed") && confirmed() == DEVICES,
                "the campaign completed with every device confirmed");
    }

    @Test
    @Order(3)
    void seesARetiredPathHitAppearLive() throws Exception {
        String retired = retiredPath();
        open("/security");
        Object marker = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.itMarker = Math.random();");
        Thread.sleep(1000);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (8084 + OFFSET) + retired))
                .header("User-Agent", "Cisco/SPA962-6.1.5(a) (console-it)").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isBetween(400, 499);
        await(() -> text(By.id("security-events")).contains(retired), "the retired-path hit listed");
        assertThat(browser.findElement(By.id("security-events")).getText()).contains("delivery.retired-path-hit");
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.itMarker;")).isEqualTo(marker);
        screenshot("security");

        open("/events?type=rotation&device=" + firstMac);
        assertThat(browser.findElement(By.id("events")).getText()).contains("rotation.confirmed", firstMac);
        screenshot("events");
    }

    // ---- the fleet

    private static void registerFleet() throws Exception {
        ProfileTransport transport = ProfileTransport.byScheme(Map.of(UrlScheme.TFTP, new TftpProfileTransport(),
                UrlScheme.HTTP, new HttpProfileTransport()));
        fleet = new Fleet(CLOCK, transport, SyslogSink.DISCARD, 42, "127.0.0.1");
        SplittableRandom random = new SplittableRandom(42);
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < DEVICES; i++) {
            String mac = String.format(Locale.ROOT, "000e08c0%04x", i);
            firstMac = firstMac == null ? mac : firstMac;
            String model = MODELS[i % MODELS.length];
            byte[] staging = new byte[32];
            random.nextBytes(staging);
            String key = HexFormat.of().formatHex(staging);
            ndjson.append("{\"mac\":\"").append(mac).append("\",\"model\":\"").append(model).append("\",\"serial\":\"CIT")
                    .append(String.format(Locale.ROOT, "%05d", i)).append("\",\"group\":\"").append(GROUP).append("/")
                    .append(i % 2 == 0 ? "north" : "south").append("\",\"stagingKey\":\"").append(key).append("\"}\n");
            fleet.add(DeviceIdentity.of(mac, model, "CIT" + i), FlatProfile.builder()
                    .set("Profile_Rule", "tftp://127.0.0.1:" + (6969 + OFFSET) + "/spa$PSN.cfg").set("GPP_SA", key).build());
        }
        JsonNode job = api("POST", 8081, "/api/v1/devices:import", "application/x-ndjson", ndjson.toString());
        await(() -> devices().stream().filter(d -> d.path("generation").asLong(0) >= 1).count() == DEVICES,
                "every device got generation 1 (job " + job.path("id").asText() + ")");
        fleet.powerOnAll();
        stepping = true;
        stepper = new Thread(() -> {
            while (stepping) {
                // An hour of the units' time per 1.5 s: each resyncs about once a step (Resync_Periodic 3600).
                CLOCK.runFor(Duration.ofHours(1));
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fleet-stepper");
        stepper.setDaemon(true);
        stepper.start();
        await(() -> devices().stream().filter(d -> d.path("confirmedGeneration").asLong(0) >= 1).count() == DEVICES,
                "every device confirmed generation 1");
    }

    private static List<JsonNode> devices() {
        try {
            List<JsonNode> all = new ArrayList<>();
            api("GET", 8081, "/api/v1/devices?group=" + GROUP + "&limit=500", null, null).path("items").forEach(all::add);
            return all;
        } catch (Exception e) {
            return List.of();
        }
    }

    private static JsonNode api(String method, int port, String path, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (port + OFFSET) + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return JSON.readTree(r.body());
    }

    /** A chain file crypto-service withdrew because its generation retired: delivery keeps it as a tombstone. */
    private static String retiredPath() throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + (9092 + OFFSET));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "console-it-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        CloudEventCodec codec = new CloudEventCodec();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(Topics.PROFILES));
            Instant deadline = Instant.now().plus(WAIT);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofSeconds(1))) {
                    Map<String, byte[]> headers = new HashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value());
                    }
                    CloudEvent<?> e = codec.decode(new EventRecord(r.topic(), r.key(), headers, r.value()));
                    if (e.data() instanceof ProfileWithdrawn w && w.reason() == WithdrawalReason.GENERATION_RETIRED) {
                        return w.path();
                    }
                }
            }
        }
        throw new AssertionError("no chain file was withdrawn as generation-retired within " + WAIT.toMinutes() + " min");
    }

    // ---- the browser

    private static void open(String path) {
        browser.get("http://127.0.0.1:" + (8080 + OFFSET) + path);
    }

    private static void fill(String id, String value) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    /** The element's text, or "" while htmx is swapping it (a live panel is replaced, not edited). */
    private static String text(By by) {
        try {
            return browser.findElement(by).getText();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static int confirmed() {
        try {
            return Integer.parseInt(browser.findElement(By.id("confirmed")).getText().strip());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static WebElement awaitElement(By by) throws InterruptedException {
        await(() -> shown(by), by.toString());
        return browser.findElement(by);
    }

    /** The campaign page swaps its progress fragment (buttons included) every few seconds, so an element found a moment
     *  ago may be gone by the time it is clicked: find and click again until one click lands. */
    private static void clickWhenShown(By by) throws InterruptedException {
        await(() -> {
            try {
                browser.findElement(by).click();
                return true;
            } catch (StaleElementReferenceException | NoSuchElementException | ElementNotInteractableException e) {
                return false;
            }
        }, by + " clicked");
    }

    private static boolean shown(By by) {
        try {
            return browser.findElement(by).isDisplayed();
        } catch (StaleElementReferenceException | NoSuchElementException e) {
            return false;
        }
    }

    private static void awaitText(By by, String text) throws InterruptedException {
        await(() -> {
            try {
                return browser.findElement(by).getText().contains(text);
            } catch (RuntimeException e) {
                return false;
            }
        }, by + " shows '" + text + "'");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                String page = browser == null ? "" : "\npage " + browser.getCurrentUrl() + ":\n"
                        + browser.findElement(By.tagName("body")).getText();
                throw new AssertionError("not within " + WAIT.toMinutes() + " min: " + what + page);
            }
            Thread.sleep(250);
        }
    }

    private static void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path dir = root.resolve("docs/console");
        Files.createDirectories(dir);
        Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> stackCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dkeyturn.root=" + root, "-jar", root.resolve("local-stack/target/keyturn-local-stack.jar").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
