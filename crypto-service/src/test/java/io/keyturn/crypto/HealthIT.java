package io.keyturn.crypto;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Sources;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.TemplateRef;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.events.template.TemplatePublished;
import io.keyturn.events.template.TemplateScope;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.contract.ServiceHealthContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(CryptoKeysResource.class)
class HealthIT extends ServiceHealthContract {

    private static final Pattern MISSES =
            Pattern.compile("(?m)^keyturn_crypto_gzip_segment_cache_misses_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$");

    @Override
    protected String schema() {
        return "crypto";
    }

    @Test
    void theGzipSegmentCacheCountsTheSegmentsARegistrationCompressed() throws IOException {
        // Only a template's part of a profile goes through the cache (the device's own lines never do), so the device
        // is rendered from one: the 60 KB sample, a template part of many segments.
        String mac = Fleet.newMac();
        String group = "health/" + mac;
        String xml;
        try (InputStream in = HealthIT.class.getResourceAsStream("/profiles/spa962-sample.xml")) {
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        EventBus.send(Fleet.event(Sources.REGISTRY_SERVICE, new TemplatePublished("group/" + group, 1,
                TemplateScope.GROUP, group, xml, sha256(xml), "health-it", Instant.now())));
        CloudEvent<DeviceRegistered> registered = Fleet.registeredMtls(mac);
        DeviceRegistered d = registered.data();
        EventBus.send(Fleet.event(Sources.REGISTRY_SERVICE, new DeviceRegistered(d.mac(), d.version(), d.model(),
                d.psn(), d.serial(), group, d.tenant(), d.bootstrapMode(), null, Map.of(), Map.of(),
                List.of(new TemplateRef("group/" + group, 1)), d.registeredAt())));
        RotationFlowIT.rotations(mac, RotationFlowIT.has(RotationPublished.class, 1));

        String metrics = given().get("/q/metrics").asString();

        assertThat(metrics).contains("keyturn_crypto_gzip_segment_cache_hits_total")
                .contains("keyturn_crypto_gzip_segment_cache_bytes").contains("keyturn_crypto_gzip_segment_cache_segments");
        Matcher misses = MISSES.matcher(metrics);
        assertThat(misses.find()).as("the misses counter in:%n%s", metrics).isTrue();
        assertThat(Double.parseDouble(misses.group(1))).isPositive();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
