package io.keyturn.registry.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.device.DeviceUpdated;
import io.keyturn.registry.RegistryTestResource;
import io.keyturn.testsupport.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class DeviceEventsIT {

    /**
     * 8 devices, each registered and then changed 15 times, with the broker stopped halfway so the relay's batch (of
     * 50) is cut off mid-send and retried after it comes back: every change reaches keyturn.devices, each device's
     * events in version order, and no change is published under two ids or lost.
     */
    @Test
    void everyChangeReachesTheTopicOnceInOrderAlsoWhenTheRelayIsCutOffMidBatch() {
        List<String> macs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            macs.add(Fixtures.newMac());
        }
        int changes = 0;
        boolean stopped = false;
        try {
            for (String mac : macs) {
                given().header("Authorization", Fixtures.operator()).contentType("application/json")
                        .body(Map.of("mac", mac, "model", "SPA962")).post("/api/v1/devices").then().statusCode(201);
                changes++;
            }
            for (int round = 1; round <= 15; round++) {
                if (round == 8) {
                    TestKafka.get().stopBroker();
                    stopped = true;
                }
                for (String mac : macs) {
                    given().header("Authorization", Fixtures.operator()).contentType("application/json")
                            .body(Map.of("params", Map.of("Display_Name_1_", "round " + round)))
                            .patch("/api/v1/devices/" + mac).then().statusCode(200);
                    changes++;
                }
            }
        } finally {
            if (stopped) {
                TestKafka.get().startBroker();
            }
        }

        List<CloudEvent<?>> events = Fixtures.deviceEvents(Set.copyOf(macs), changes, Duration.ofSeconds(90));

        Map<UUID, CloudEvent<?>> byId = new HashMap<>();
        Map<String, List<Long>> versions = new HashMap<>();
        Set<String> changesSeen = new LinkedHashSet<>();
        for (CloudEvent<?> e : events) {
            if (byId.putIfAbsent(e.id(), e) != null) {
                continue;
            }
            long version = e.data() instanceof DeviceUpdated u ? u.version() : ((DeviceRegistered) e.data()).version();
            versions.computeIfAbsent(e.subject(), k -> new ArrayList<>()).add(version);
            assertThat(changesSeen.add(e.subject() + "@" + version)).as("one id per change: %s", e.id()).isTrue();
        }
        assertThat(byId).hasSize(changes);
        for (String mac : macs) {
            assertThat(versions.get(mac)).as("events of %s in order", mac)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 16).boxed().toList());
        }
    }
}
