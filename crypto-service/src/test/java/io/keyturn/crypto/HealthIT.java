package io.keyturn.crypto;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.contract.ServiceHealthContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
    void theGzipSegmentCacheCountsTheSegmentsARegistrationCompressed() {
        String mac = Fleet.newMac();
        EventBus.send(Fleet.registered(mac, Fleet.stagingKey()));
        RotationFlowIT.rotations(mac, RotationFlowIT.has(RotationPublished.class, 1));

        String metrics = given().get("/q/metrics").asString();

        assertThat(metrics).contains("keyturn_crypto_gzip_segment_cache_hits_total")
                .contains("keyturn_crypto_gzip_segment_cache_bytes").contains("keyturn_crypto_gzip_segment_cache_segments");
        Matcher misses = MISSES.matcher(metrics);
        assertThat(misses.find()).as("the misses counter in:%n%s", metrics).isTrue();
        assertThat(Double.parseDouble(misses.group(1))).isPositive();
    }
}
