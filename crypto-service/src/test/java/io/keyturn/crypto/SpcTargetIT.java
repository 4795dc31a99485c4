package io.keyturn.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.crypto.spc.FakeSpc;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.Topics;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.keyturn.events.profile.WithdrawalReason;
import io.keyturn.events.rotation.RotationIssued;
import io.keyturn.events.rotation.RotationPublished;
import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.SpcSource;
import io.keyturn.testsupport.ServiceTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * spc-target devices with an spc configured (a fake one the test writes: it gzips its source, so the test can read
 * what the real binary would have been given): the bootstrap is the compiled file, published at the device's
 * bootstrap path, carries only the managed parameters, and hands out the key of the chain file it leads to;
 * confirmation disarms it.
 */
@QuarkusTest
@TestProfile(SpcTargetIT.WithSpc.class)
@WithTestResource(ServiceTestResource.class)
@WithTestResource(CryptoKeysResource.class)
class SpcTargetIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    public static class WithSpc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createDirectories(Path.of("target", "fake-spc"));
                return Map.of("keyturn.crypto.spc.path", FakeSpc.compiler(dir).toAbsolutePath().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void theBootstrapIsCompiledBySpcTargetLeadsToGenerationOneAndIsDisarmedByTheFirstConfirmation() throws IOException {
        String mac = Fleet.newMac();
        EventBus.send(Fleet.registeredSpcTarget(mac));
        List<CloudEvent<?>> rotations = RotationFlowIT.rotations(mac, RotationFlowIT.has(RotationPublished.class, 1));
        RotationIssued issued = RotationFlowIT.of(rotations, RotationIssued.class).get(0);
        List<ProfilePublished> files = RotationFlowIT.published(mac, 2);
        assertThat(files).extracting(ProfilePublished::kind).containsExactly(ProfileKind.CHAIN, ProfileKind.BOOTSTRAP);

        ProfilePublished bootstrap = files.get(1);
        assertThat(bootstrap.path()).isEqualTo("/bootstrap/spa" + mac + ".cfg");
        assertThat(bootstrap.contentType()).isEqualTo(ProfilePublished.SPC_CONTENT_TYPE);
        assertThat(bootstrap.keyFingerprint()).isNull();
        assertThat(bootstrap.targetGeneration()).isEqualTo(1);
        FlatProfile source = SpcSource.parse(gunzip(bootstrap.contentBytes()));
        String key1 = source.value("GPP_A").orElseThrow();
        assertThat(ProfileKey.of(key1).fingerprint()).isEqualTo(issued.keyFingerprint().value());
        assertThat(source.value("Display_Name_1_")).as("a targeted file carries only what the bootstrap hands over")
                .isEmpty();
        assertThat(source.value("Profile_Rule")).contains("[--key $A] http://prov.keyturn.test/profile/$B/spa962.cfg");
        assertThat(files.get(0).path()).isEqualTo("/profile/" + source.value("GPP_B").orElseThrow() + "/spa962.cfg");
        assertThat(Fleet.open(files.get(0), key1).value("GPP_A")).contains(key1);

        EventBus.send(Fleet.fetched(mac, files.get(0).path(), 1));
        List<ProfileWithdrawn> withdrawn = RotationFlowIT.of(EventBus.read(Topics.PROFILES, mac,
                RotationFlowIT.has(ProfileWithdrawn.class, 1), WAIT), ProfileWithdrawn.class);
        assertThat(withdrawn).singleElement().satisfies(w -> {
            assertThat(w.path()).isEqualTo(bootstrap.path());
            assertThat(w.reason()).isEqualTo(WithdrawalReason.BOOTSTRAP_DISARMED);
        });
    }

    private static String gunzip(byte[] file) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
