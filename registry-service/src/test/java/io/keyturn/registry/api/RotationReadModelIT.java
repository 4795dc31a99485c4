package io.keyturn.registry.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventData;
import io.keyturn.events.EventRecord;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.Sources;
import io.keyturn.events.rotation.RotationCause;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.events.rotation.RotationRetired;
import io.keyturn.registry.messaging.RotationEventConsumer;
import io.keyturn.registry.RegistryTestResource;
import io.keyturn.testsupport.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class RotationReadModelIT {

    private static final KeyFingerprint FP = KeyFingerprint.of("k".toCharArray());

    @Inject
    RotationEventConsumer consumer;

    @Inject
    AgroalDataSource dataSource;

    private static void send(CloudEvent<?>... events) throws Exception {
        CloudEventCodec codec = new CloudEventCodec();
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.get().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (CloudEvent<?> e : events) {
                EventRecord r = codec.encode(e);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), r.key(), r.value());
                r.headers().forEach((k, v) -> record.headers().add(k, v));
                p.send(record).get();
            }
            p.send(new ProducerRecord<>("keyturn.rotations", "garbage", "{not json".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    private static <T extends EventData> CloudEvent<T> event(T data, Instant at) {
        return CloudEvent.of(UUID.randomUUID(), Sources.CRYPTO_SERVICE, at, data);
    }

    @Test
    void showsGenerationsAndActivatesOnTheFirstConfirmationIgnoringRepeatsAndLateEvents() throws Exception {
        String mac = Fixtures.newMac();
        given().header("Authorization", Fixtures.operator()).contentType("application/json")
                .body(Map.of("mac", mac, "model", "SPA962")).post("/api/v1/devices").then().statusCode(201);
        Instant t0 = Instant.now().minus(Duration.ofDays(3));
        CloudEvent<RotationIssued> issued1 = event(new RotationIssued(mac, 1, null, FP, null, t0), t0);
        CloudEvent<RotationPublished> published1 = event(new RotationPublished(mac, 1, null, FP, t0), t0);
        CloudEvent<RotationConfirmed> confirmed1 = event(new RotationConfirmed(mac, 1, null, FP, t0), t0);

        send(issued1, published1, confirmed1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then()
                .body("state", is("active")).body("generation", is(1)).body("confirmedGeneration", is(1))
                .body("rotationState", is("idle")));

        Instant t1 = Instant.now().minus(Duration.ofDays(2));
        // The same issued event again, and a late published of generation 1 with a new id: neither moves anything.
        send(issued1, event(new RotationPublished(mac, 1, null, FP, t0), t0),
                event(new RotationIssued(mac, 2, null, FP, null, t1), t1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then()
                .body("generation", is(2)).body("confirmedGeneration", is(1)).body("rotationState", is("issued"))
                .body("state", is("active")));

        given().header("Authorization", Fixtures.auditor()).queryParam("unconfirmedFor", "P1D")
                .queryParam("limit", 1000).get("/api/v1/devices").then().statusCode(200)
                .body("items.mac", hasItem(mac));
        given().header("Authorization", Fixtures.auditor()).queryParam("unconfirmedFor", "P3D")
                .queryParam("limit", 1000).get("/api/v1/devices").then().statusCode(200)
                .body("items.mac", not(hasItem(mac)));
        given().header("Authorization", Fixtures.auditor()).queryParam("unconfirmedFor", "yesterday")
                .get("/api/v1/devices").then().statusCode(400);

        // A superseded request (answered by the newer generation) leaves the rotation state alone; a real failure
        // of the newest generation sent after it shows, so the first was read and skipped, not still in flight.
        Instant t2 = Instant.now().minus(Duration.ofDays(1));
        send(event(new RotationFailed(mac, null, null, null, RotationFailureReason.SUPERSEDED, "overtaken",
                UUID.randomUUID(), t2), t2));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
                .header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then()
                .body("generation", is(2)).body("rotationState", is("issued")));
        send(event(new RotationFailed(mac, 2L, null, FP, RotationFailureReason.RENDER_FAILED, "template broken",
                UUID.randomUUID(), t2), t2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Fixtures.auditor()).get("/api/v1/devices/" + mac).then()
                .body("generation", is(2)).body("rotationState", is("failed")));
    }

    /**
     * One device's history as a batch can hold it: a confirmed rotation, an ignored request, generation 3 issued and
     * published before generation 2's late events, a timeout failing 3, and then 3's published event again (the
     * relay re-sending it). Applied once, that repeat would move the state back from failed to published.
     */
    private static List<CloudEvent<?>> history(String mac, Instant t0) {
        Instant t1 = t0.plusSeconds(60);
        Instant t2 = t0.plusSeconds(120);
        Instant t3 = t0.plusSeconds(180);
        CloudEvent<RotationPublished> published3 = event(new RotationPublished(mac, 3, null, FP, t2), t2);
        return List.of(
                event(new RotationIssued(mac, 1, null, FP, null, t0), t0),
                event(new RotationPublished(mac, 1, null, FP, t0), t0),
                event(new RotationConfirmed(mac, 1, null, FP, t0), t0),
                event(new RotationRequested(mac, 1L, RotationCause.MANUAL, "oscar", null, t1), t1),
                event(new RotationIssued(mac, 3, null, FP, null, t2), t2),
                published3,
                event(new RotationIssued(mac, 2, null, FP, null, t1), t1),
                event(new RotationPublished(mac, 2, null, FP, t1), t1),
                event(new RotationFailed(mac, 3L, null, FP, RotationFailureReason.CONFIRMATION_TIMEOUT,
                        "no fetch", UUID.randomUUID(), t3), t3),
                published3);
    }

    private static ConsumerRecords<String, byte[]> records(List<?> eventsOrGarbage) {
        CloudEventCodec codec = new CloudEventCodec();
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (Object o : eventsOrGarbage) {
            if (o instanceof CloudEvent<?> e) {
                EventRecord r = codec.encode(e);
                ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(r.topic(), 0, records.size(), r.key(),
                        r.value());
                r.headers().forEach((k, v) -> record.headers().add(k, v));
                records.add(record);
            } else {
                records.add(new ConsumerRecord<>("keyturn.rotations", 0, records.size(), "garbage",
                        ((String) o).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition("keyturn.rotations", 0), records), Map.of());
    }

    private Map<String, Object> readModel(String mac) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT generation, confirmed_generation, rotation_state, last_rotation_at, confirmed_at, state"
                        + " FROM device WHERE mac = ?")) {
            ps.setString(1, mac);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("device %s", mac).isTrue();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("generation", rs.getObject("generation"));
                row.put("confirmedGeneration", rs.getObject("confirmed_generation"));
                row.put("rotationState", rs.getString("rotation_state"));
                row.put("lastRotationAt", rs.getObject("last_rotation_at", OffsetDateTime.class).toInstant());
                row.put("confirmedAt", rs.getObject("confirmed_at", OffsetDateTime.class).toInstant());
                row.put("state", rs.getString("state"));
                return row;
            }
        }
    }

    private List<UUID> inboxed(List<UUID> eventIds) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT event_id FROM processed_event WHERE event_id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", eventIds.toArray()));
            List<UUID> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getObject(1, UUID.class));
                }
            }
            return found;
        }
    }

    private static String register() {
        String mac = Fixtures.newMac();
        given().header("Authorization", Fixtures.operator()).contentType("application/json")
                .body(Map.of("mac", mac, "model", "SPA962")).post("/api/v1/devices").then().statusCode(201);
        return mac;
    }

    @Test
    void aBatchWithARepeatedEventAndLateGenerationsEndsAsTheEventsAppliedOneByOne() throws Exception {
        String batched = register();
        String oneByOne = register();
        Instant t0 = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

        List<Object> batch = new ArrayList<>(history(batched, t0));
        batch.add(4, "{not json");
        consumer.rotations(records(batch));
        for (CloudEvent<?> e : history(oneByOne, t0)) {
            consumer.rotations(records(List.of(e)));
        }

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("generation", 3L);
        expected.put("confirmedGeneration", 1L);
        expected.put("rotationState", "failed");
        expected.put("lastRotationAt", t0.plusSeconds(180));
        expected.put("confirmedAt", t0);
        expected.put("state", "active");
        assertThat(readModel(batched)).isEqualTo(expected).isEqualTo(readModel(oneByOne));
    }

    @Test
    void eventsTheReadModelDoesNotUseLeaveNoInboxRow() throws Exception {
        String mac = register();
        Instant t0 = Instant.now().minus(Duration.ofHours(1));
        CloudEvent<?> requested = event(new RotationRequested(mac, null, RotationCause.MANUAL, "oscar", null, t0), t0);
        CloudEvent<?> superseded = event(new RotationFailed(mac, null, null, null, RotationFailureReason.SUPERSEDED,
                "overtaken", UUID.randomUUID(), t0), t0);
        CloudEvent<?> issued = event(new RotationIssued(mac, 1, null, FP, requested.id(), t0), t0);
        CloudEvent<?> retired = event(new RotationRetired(mac, 1, null, FP, 2, t0), t0);
        CloudEvent<?> confirmed = event(new RotationConfirmed(mac, 2, null, FP, t0), t0);

        consumer.rotations(records(List.of(requested, superseded, issued, retired, confirmed)));

        assertThat(readModel(mac)).containsEntry("generation", 2L).containsEntry("confirmedGeneration", 2L)
                .containsEntry("rotationState", "idle");
        assertThat(inboxed(List.of(requested.id(), superseded.id(), issued.id(), retired.id(), confirmed.id())))
                .containsExactlyInAnyOrder(issued.id(), confirmed.id());
    }
}
