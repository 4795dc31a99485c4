package io.keyturn.crypto;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Topics;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.events.rotation.RotationRetired;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Runs registrations and rotations to confirmation while capturing every log record, every event on every topic,
 * REST bodies and /q/metrics; then recovers every key issued (by walking the published files as a device would) and
 * searches the capture for each. Only ciphertext may carry a key.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(CryptoKeysResource.class)
class SecretLeakIT {

    /** Captures every record of every logger, message and stack trace, formatted as a handler would. */
    static final class Capture extends Handler {
        final StringBuffer text = new StringBuffer();

        @Override
        public void publish(LogRecord r) {
            text.append(r.getLoggerName()).append(' ').append(r.getMessage());
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    text.append(' ').append(p);
                }
            }
            if (r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                text.append(w);
            }
            text.append('\n');
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void noKeyIssuedDuringARotationRunAppearsOutsideCiphertext() {
        Capture logs = new Capture();
        Logger root = Logger.getLogger("");
        root.addHandler(logs);
        try {
            Set<String> keys = new LinkedHashSet<>();
            StringBuilder rest = new StringBuilder();
            List<String> macs = new ArrayList<>();
            for (int d = 0; d < 2; d++) {
                String mac = Fleet.newMac();
                macs.add(mac);
                String staging = Fleet.stagingKey();
                keys.add(staging);
                EventBus.send(Fleet.registered(mac, staging));
                RotationFlowIT.rotations(mac, RotationFlowIT.has(RotationPublished.class, 1));
                for (long g = 2; g <= 3; g++) {
                    EventBus.send(Fleet.rotation(mac, g - 1));
                    RotationFlowIT.rotations(mac, RotationFlowIT.has(RotationPublished.class, g));
                    String newest = walk(mac, staging, keys);
                    EventBus.send(Fleet.fetched(mac, newest, g));
                    RotationFlowIT.rotations(mac, RotationFlowIT.has(RotationRetired.class, g - 1));
                }
                rest.append(given().urlEncodingEnabled(false).auth().oauth2(TestIssuer.get().token("it", "operator"))
                        .get("/api/v1/devices/" + mac + "/chain").asString());
                rest.append(given().urlEncodingEnabled(false).auth().oauth2(TestIssuer.get().token("it", "operator"))
                        .post("/api/v1/devices/" + mac + "/chain:rerender").asString());
                walk(mac, staging, keys);
            }
            rest.append(given().get("/q/metrics").asString());
            assertThat(keys).as("keys recovered from the published files").hasSizeGreaterThanOrEqualTo(8);

            StringBuilder everywhere = new StringBuilder(logs.text).append(rest);
            for (String topic : List.of(Topics.DEVICES, Topics.ROTATIONS, Topics.DELIVERIES)) {
                everywhere.append(EventBus.rawText(topic));
            }
            // keyturn.profiles carries ciphertext; everything else in its records must be key-free too.
            for (CloudEvent<?> e : EventBus.readAll(Topics.PROFILES, null)) {
                everywhere.append(e.toString());
                if (e.data() instanceof ProfilePublished p && p.kind() == ProfileKind.STAGE0) {
                    everywhere.append(new String(p.contentBytes()));
                }
            }
            String haystack = everywhere.toString();
            assertThat(haystack).contains(macs.get(0));
            for (String key : keys) {
                assertThat(haystack).as("a key appears outside ciphertext").doesNotContain(key)
                        .doesNotContain(key.toUpperCase());
            }
        } finally {
            root.removeHandler(logs);
        }
    }

    /** Follows the device's files from the staging key, collecting each key; returns the newest chain path. */
    private static String walk(String mac, String staging, Set<String> keys) {
        List<ProfilePublished> files = RotationFlowIT.of(EventBus.readAll(Topics.PROFILES, mac), ProfilePublished.class);
        ProfilePublished bootstrap = files.stream().filter(f -> f.kind() == ProfileKind.BOOTSTRAP).findFirst().orElseThrow();
        FlatProfile p = Fleet.open(bootstrap, staging);
        String key = p.value("GPP_A").orElseThrow();
        keys.add(key);
        String path = "/profile/" + p.value("GPP_B").orElseThrow() + "/spa962.cfg";
        for (boolean moved = true; moved; ) {
            moved = false;
            ProfilePublished latest = null;
            for (ProfilePublished f : files) {
                if (f.path().equals(path)) {
                    latest = f;
                }
            }
            if (latest != null && latest.targetGeneration() > latest.generation()) {
                FlatProfile next = Fleet.open(latest, key);
                key = next.value("GPP_A").orElseThrow();
                keys.add(key);
                path = "/profile/" + next.value("GPP_B").orElseThrow() + "/spa962.cfg";
                moved = true;
            }
        }
        return path;
    }
}
