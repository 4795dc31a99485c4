package io.keyturn.registry.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.CloudEventCodec;
import io.keyturn.events.EventData;
import io.keyturn.events.EventRecord;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.Sources;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.registry.RegistryTestResource;
import io.keyturn.testsupport.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class RotationReadModelIT {

    private static final KeyFingerprint FP = KeyFingerprint.of("k".toCharArray());

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
}
