package io.keyturn.crypto;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.Topics;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.keyturn.events.profile.WithdrawalReason;
import io.keyturn.events.rotation.RotationConfirmed;
import io.keyturn.events.rotation.RotationFailed;
import io.keyturn.events.rotation.RotationFailureReason;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.events.rotation.RotationRequested;
import io.keyturn.events.rotation.RotationRetired;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.events.device.DeviceDecommissioned;
import io.keyturn.events.device.DeviceRegistered;
import io.keyturn.events.Sources;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.TestIssuer;
import io.keyturn.testsupport.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(CryptoKeysResource.class)
class RotationFlowIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    static <T> List<T> of(List<CloudEvent<?>> events, Class<T> type) {
        return events.stream().map(CloudEvent::data).filter(type::isInstance).map(type::cast).toList();
    }

    static Predicate<List<CloudEvent<?>>> has(Class<?> type, long count) {
        return events -> events.stream().filter(e -> type.isInstance(e.data())).count() >= count;
    }

    static List<CloudEvent<?>> rotations(String mac, Predicate<List<CloudEvent<?>>> until) {
        return EventBus.read(Topics.ROTATIONS, mac, until, WAIT);
    }

    static List<ProfilePublished> published(String mac, int count) {
        return of(EventBus.read(Topics.PROFILES, mac, has(ProfilePublished.class, count), WAIT), ProfilePublished.class);
    }

    @Test
    void registrationPublishesGenerationOneAndAStagingKeyBootstrapThatLeadsToIt() {
        String mac = Fleet.newMac();
        String staging = Fleet.stagingKey();
        EventBus.send(Fleet.registered(mac, staging));

        List<CloudEvent<?>> rotations = rotations(mac, has(RotationPublished.class, 1));
        assertThat(of(rotations, RotationIssued.class)).extracting(RotationIssued::generation).containsExactly(1L);
        assertThat(of(rotations, RotationPublished.class)).extracting(RotationPublished::generation).containsExactly(1L);
        List<ProfilePublished> files = published(mac, 2);
        assertThat(files).extracting(ProfilePublished::kind).containsExactly(ProfileKind.CHAIN, ProfileKind.BOOTSTRAP);

        FlatProfile bootstrap = Fleet.open(files.get(1), staging);
        String key1 = bootstrap.value("GPP_A").orElseThrow();
        String dir1 = bootstrap.value("GPP_B").orElseThrow();
        assertThat(files.get(1).path()).isEqualTo("/bootstrap/spa" + mac + ".cfg");
        assertThat(files.get(0).path()).isEqualTo("/profile/" + dir1 + "/spa962.cfg");
        FlatProfile chain = Fleet.open(files.get(0), key1);
        assertThat(chain.value("GPP_A")).contains(key1);
        assertThat(chain.value("Password_1_")).contains("sip-pass-" + mac);
        assertThat(chain.value("Display_Name_1_")).contains("Alice");
        assertThat(chain.value("Profile_Rule")).contains("[--key $A] http://prov.keyturn.test/profile/$B/spa962.cfg");
        assertThat(of(rotations, RotationIssued.class).get(0).keyFingerprint().value())
                .isEqualTo(io.keyturn.protocol.crypto.ProfileKey.of(key1).fingerprint());
    }

    @Test
    void rotationPublishesTheNewGenerationBeforeRepointingTheOldOneAndDuplicatesChangeNothing() {
        String mac = Fleet.newMac();
        String staging = Fleet.stagingKey();
        EventBus.send(Fleet.registered(mac, staging));
        rotations(mac, has(RotationPublished.class, 1));
        String key1 = Fleet.open(published(mac, 2).get(1), staging).value("GPP_A").orElseThrow();

        CloudEvent<RotationRequested> request = Fleet.rotation(mac, 1L);
        EventBus.send(request);
        List<CloudEvent<?>> rotations = rotations(mac, has(RotationPublished.class, 2));
        RotationIssued issued = of(rotations, RotationIssued.class).get(1);
        assertThat(issued.generation()).isEqualTo(2);
        assertThat(issued.requestId()).isEqualTo(request.id());

        List<ProfilePublished> files = published(mac, 5);
        ProfilePublished steady2 = files.get(2);
        ProfilePublished repointed1 = files.get(3);
        assertThat(steady2.generation()).isEqualTo(2);
        assertThat(steady2.targetGeneration()).isEqualTo(2);
        assertThat(repointed1.generation()).isEqualTo(1);
        assertThat(repointed1.targetGeneration()).isEqualTo(2);
        assertThat(repointed1.path()).isEqualTo(files.get(0).path());
        FlatProfile fromOld = Fleet.open(repointed1, key1);
        String key2 = fromOld.value("GPP_A").orElseThrow();
        assertThat(steady2.path()).isEqualTo("/profile/" + fromOld.value("GPP_B").orElseThrow() + "/spa962.cfg");
        assertThat(Fleet.open(steady2, key2).value("GPP_A")).contains(key2);
        assertThat(Fleet.open(files.get(4), staging).value("GPP_A")).contains(key2);

        // The same request again, and a new one whose basis is already superseded: nothing new.
        // The stale one is answered as superseded, so its requester does not wait for a confirmation that never comes.
        EventBus.send(request);
        CloudEvent<RotationRequested> stale = Fleet.rotation(mac, 1L);
        EventBus.send(stale);
        confirm(mac, steady2.path(), 2);
        List<CloudEvent<?>> after = rotations(mac, has(RotationConfirmed.class, 1).and(has(RotationFailed.class, 1)));
        assertThat(of(after, RotationIssued.class)).hasSize(2);
        assertThat(of(after, RotationFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(RotationFailureReason.SUPERSEDED);
            assertThat(f.requestId()).isEqualTo(stale.id());
            assertThat(f.generation()).isNull();
        });

        // Confirmation of 2 retires 1 and disarms the bootstrap.
        List<CloudEvent<?>> settled = rotations(mac, has(RotationRetired.class, 1));
        assertThat(of(settled, RotationConfirmed.class)).extracting(RotationConfirmed::generation).containsExactly(2L);
        assertThat(of(settled, RotationRetired.class)).singleElement()
                .satisfies(r -> assertThat(r.generation()).isEqualTo(1));
        List<ProfileWithdrawn> withdrawn = of(EventBus.read(Topics.PROFILES, mac, has(ProfileWithdrawn.class, 2), WAIT),
                ProfileWithdrawn.class);
        assertThat(withdrawn).extracting(ProfileWithdrawn::reason)
                .containsExactlyInAnyOrder(WithdrawalReason.GENERATION_RETIRED, WithdrawalReason.BOOTSTRAP_DISARMED);

        // Replayed and reordered fetches change nothing.
        confirm(mac, files.get(0).path(), 1);
        confirm(mac, steady2.path(), 2);
        given().auth().oauth2(TestIssuer.get().token("op", "operator")).get("/api/v1/devices/" + mac + "/chain")
                .then().statusCode(200)
                .body("confirmedGeneration", org.hamcrest.Matchers.is(2))
                .body("newestGeneration", org.hamcrest.Matchers.is(2))
                .body("generations[0].state", org.hamcrest.Matchers.is("destroyed"))
                .body("generations[1].state", org.hamcrest.Matchers.is("confirmed"));
        assertThat(of(EventBus.readAll(Topics.ROTATIONS, mac), RotationConfirmed.class)).hasSize(1);
        assertThat(storedKeyOfGenerationOne(mac)).as("the destroyed key is overwritten").containsOnly(0);
    }

    @Test
    void aBacklogOfUnconfirmedGenerationsRefusesFurtherRotations() {
        String mac = Fleet.newMac();
        EventBus.send(Fleet.registered(mac, Fleet.stagingKey()));
        rotations(mac, has(RotationPublished.class, 1));
        for (int i = 0; i < 3; i++) {
            EventBus.send(Fleet.rotation(mac, null));
        }
        List<CloudEvent<?>> events = rotations(mac, has(RotationFailed.class, 1));
        assertThat(of(events, RotationIssued.class)).extracting(RotationIssued::generation).containsExactly(1L, 2L, 3L);
        assertThat(of(events, RotationFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(RotationFailureReason.UNCONFIRMED_BACKLOG));
    }

    @Test
    void decommissionWithdrawsEveryFileAndRefusesLaterRotations() {
        String mac = Fleet.newMac();
        EventBus.send(Fleet.registered(mac, Fleet.stagingKey()));
        rotations(mac, has(RotationPublished.class, 1));
        EventBus.send(Fleet.event(Sources.REGISTRY_SERVICE, new DeviceDecommissioned(mac, 2, "it", "test",
                Instant.now())));
        List<ProfileWithdrawn> withdrawn = of(EventBus.read(Topics.PROFILES, mac, has(ProfileWithdrawn.class, 2), WAIT),
                ProfileWithdrawn.class);
        assertThat(withdrawn).extracting(ProfileWithdrawn::reason).containsOnly(WithdrawalReason.DEVICE_DECOMMISSIONED);
        assertThat(withdrawn).extracting(ProfileWithdrawn::kind).containsExactly(ProfileKind.CHAIN, ProfileKind.BOOTSTRAP);
        EventBus.send(Fleet.rotation(mac, 1L));
        assertThat(of(rotations(mac, has(RotationFailed.class, 1)), RotationFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(RotationFailureReason.DEVICE_DECOMMISSIONED));
        assertThat(storedKeyOfGenerationOne(mac)).containsOnly(0);
    }

    @Test
    void anSpcTargetDeviceIsRefusedClearlyWhenNoSpcIsConfiguredAndItsChainStillStarts() {
        String mac = Fleet.newMac();
        EventBus.send(Fleet.registeredSpcTarget(mac));
        List<CloudEvent<?>> events = rotations(mac, has(RotationFailed.class, 1).and(has(RotationPublished.class, 1)));
        assertThat(of(events, RotationFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(RotationFailureReason.BOOTSTRAP_UNAVAILABLE);
            assertThat(f.detail()).contains("keyturn.crypto.spc.path");
        });
        assertThat(of(EventBus.readAll(Topics.PROFILES, mac), ProfilePublished.class))
                .extracting(ProfilePublished::kind).containsOnly(ProfileKind.CHAIN);
    }

    @Test
    void requestsPolledTogetherAreEachAnsweredOnceAndEachDeviceRotatesInChainOrder() {
        List<String> macs = List.of(Fleet.newMac(), Fleet.newMac(), Fleet.newMac());
        macs.forEach(mac -> EventBus.send(Fleet.registeredMtls(mac)));
        macs.forEach(mac -> rotations(mac, has(RotationPublished.class, 1)));
        String unknown = Fleet.newMac();
        CloudEvent<RotationRequested> repeated = Fleet.rotation(macs.get(0), 1L);
        CloudEvent<RotationRequested> second = Fleet.rotation(macs.get(2), 1L);
        EventBus.sendAll(List.of(repeated, Fleet.rotation(macs.get(1), 1L), repeated, Fleet.rotation(unknown, null),
                second, Fleet.rotation(macs.get(2), 1L), repeated));

        for (String mac : macs) {
            List<CloudEvent<?>> rotations = rotations(mac, has(RotationPublished.class, 2));
            assertThat(of(rotations, RotationIssued.class)).as(mac).extracting(RotationIssued::generation)
                    .containsExactly(1L, 2L);
            List<ProfilePublished> files = published(mac, 3);
            assertThat(files.get(1).generation()).as("t+1's own file first").isEqualTo(2);
            assertThat(files.get(2).generation()).as("then the old one re-pointed").isEqualTo(1);
            assertThat(files.get(2).targetGeneration()).isEqualTo(2);
        }
        assertThat(of(rotations(macs.get(2), has(RotationFailed.class, 1)), RotationFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).as("its basis was rotated by the request before it")
                        .isEqualTo(RotationFailureReason.SUPERSEDED));
        assertThat(of(rotations(unknown, has(RotationFailed.class, 1)), RotationFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(RotationFailureReason.DEVICE_UNKNOWN));

        // A later request on the same partition marks the end: the repeated one was answered once, in all.
        CloudEvent<RotationRequested> marker = Fleet.rotation(macs.get(0), 1L);
        EventBus.send(marker);
        List<CloudEvent<?>> after = rotations(macs.get(0), has(RotationFailed.class, 1));
        assertThat(of(after, RotationIssued.class)).hasSize(2);
        assertThat(of(after, RotationFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.requestId()).isEqualTo(marker.id()));
    }

    @Test
    void registrationsPolledTogetherAreEachAppliedOnceAndInOrder() {
        String mtls = Fleet.newMac();
        String staged = Fleet.newMac();
        String again = Fleet.newMac();
        CloudEvent<DeviceRegistered> repeated = Fleet.registeredMtls(mtls);
        CloudEvent<DeviceRegistered> first = Fleet.registeredMtls(again);
        // the same device registered again, newer, in the same poll: it sees the device the first one left and
        // re-renders generation 1, as it would one by one
        CloudEvent<DeviceRegistered> newer = Fleet.event(Sources.REGISTRY_SERVICE, new DeviceRegistered(again, 2,
                "SPA962", "962", null, "region/south", null, BootstrapMode.MTLS, null,
                Map.of("Display_Name_1_", "Carol"), Map.of(), List.of(), Instant.now()));
        EventBus.sendAll(List.of(repeated, Fleet.registered(staged, Fleet.stagingKey()), first, repeated, newer,
                repeated));

        for (String mac : List.of(mtls, staged, again)) {
            assertThat(of(rotations(mac, has(RotationPublished.class, 1)), RotationIssued.class)).as(mac)
                    .extracting(RotationIssued::generation).containsExactly(1L);
        }
        assertThat(published(staged, 2)).extracting(ProfilePublished::kind)
                .as("generation 1, then the staging-key bootstrap that leads to it")
                .containsExactly(ProfileKind.CHAIN, ProfileKind.BOOTSTRAP);
        List<ProfilePublished> rendered = published(again, 2);
        assertThat(rendered).extracting(ProfilePublished::path).as("generation 1's file, rendered twice").hasSize(2)
                .containsOnly(rendered.get(0).path());
        assertThat(rendered.get(1).sha256()).as("the newer registration's parameters").isNotEqualTo(
                rendered.get(0).sha256());

        // A later event on the same partition marks the end: the repeated registration was applied once.
        EventBus.send(Fleet.rotation(mtls, 1L));
        List<CloudEvent<?>> after = rotations(mtls, has(RotationPublished.class, 2));
        assertThat(of(after, RotationIssued.class)).extracting(RotationIssued::generation).containsExactly(1L, 2L);
        assertThat(published(mtls, 3)).extracting(ProfilePublished::generation).containsExactly(1L, 2L, 1L);
    }

    @Test
    void aRotationForAnUnknownDeviceFails() {
        String mac = Fleet.newMac();
        EventBus.send(Fleet.rotation(mac, null));
        assertThat(of(rotations(mac, has(RotationFailed.class, 1)), RotationFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(RotationFailureReason.DEVICE_UNKNOWN));
    }

    @Test
    void stageZeroFilesArePublishedAtStartWithoutSecrets() {
        List<ProfilePublished> stage0 = of(EventBus.read(Topics.PROFILES, "/spa962.cfg",
                has(ProfilePublished.class, 1), WAIT), ProfilePublished.class);
        assertThat(stage0).isNotEmpty();
        FlatProfile p = io.keyturn.protocol.profile.FlatProfileXml.parse(stage0.get(0).contentBytes());
        assertThat(p.value("Profile_Rule")).contains("[--key $SA] http://prov.keyturn.test/bootstrap/spa$MA.cfg");
        assertThat(p.value("GPP_A")).isEmpty();
    }

    private static void confirm(String mac, String path, long generation) {
        EventBus.send(Fleet.fetched(mac, path, generation));
    }

    static byte[] storedKeyOfGenerationOne(String mac) {
        TestPostgres pg = TestPostgres.get();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password())) {
            while (true) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT state, wrapped_key FROM crypto.generation WHERE mac = ? AND number = 1")) {
                    ps.setString(1, mac);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getString(1).equals("destroyed")) {
                            return rs.getBytes(2);
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("generation 1 of " + mac + " was not destroyed");
                }
                Thread.sleep(300);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
