package io.keyturn.crypto.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.events.device.BootstrapMode;
import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.crypto.ProfileKeys;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedSealerTest {

    private static final String MAC = "000e08aabbcc";

    private final ProfileRenderer renderer = new ProfileRenderer(RenderSettings.defaults("prov.example.net"));
    private final VerifiedSealer sealer = new VerifiedSealer(new ProfileCipher());

    private static DeviceSpec device(BootstrapMode mode) {
        FlatProfile model = FlatProfile.builder().set("Station_Name", "model").set("Resync_Periodic", "99").build();
        FlatProfile group = FlatProfile.builder().set("Station_Name", "group").build();
        return new DeviceSpec(MAC, "SPA962", "962", mode, List.of(model, group),
                Map.of("Display_Name_1_", "Alice", "Password_1_", "s3cret"));
    }

    private static Generation generation(long n) {
        RotationChain chain = RotationChain.start(MAC, false);
        Generation g = null;
        for (long i = 1; i <= n; i++) {
            g = chain.issue(ProfileKeys.newKey(), ProfileKeys.newDirectory(), "962", UUID.randomUUID(), null,
                    new ChainPolicy(10, java.time.Duration.ZERO), Instant.now());
        }
        return g;
    }

    @Test
    void rendersTemplatesThenDeviceParametersThenManagedOnes() {
        Generation target = generation(1);
        RenderedProfile rendered = renderer.chain(device(BootstrapMode.STAGING_KEY), target);
        FlatProfile p = rendered.profile();
        assertThat(p.value("Station_Name")).contains("group");
        assertThat(p.value("Display_Name_1_")).contains("Alice");
        assertThat(p.value("Resync_Periodic")).contains("3600");
        assertThat(p.value("GPP_A")).contains(target.key().reveal());
        assertThat(p.value("GPP_B")).contains(target.directory());
        assertThat(p.value("Profile_Rule")).contains("[--key $A] http://prov.example.net/profile/$B/spa962.cfg");
    }

    @Test
    void theSharedPartHoldsTheTemplatesAloneAndNothingOfTheDevice() {
        Generation target = generation(1);
        RenderedProfile rendered = renderer.chain(device(BootstrapMode.STAGING_KEY), target);

        FlatProfileXml.Written written = FlatProfileXml.writeBytes(rendered.profile(), rendered.sharedParameters());
        String xml = new String(written.xml(), java.nio.charset.StandardCharsets.US_ASCII);
        String shared = xml.substring(0, written.leadingLength());
        String own = xml.substring(written.leadingLength());

        assertThat(shared).contains("<Station_Name>group</Station_Name>").contains("Provision_Enable")
                .doesNotContain(target.key().reveal()).doesNotContain(target.directory()).doesNotContain("s3cret")
                .doesNotContain("Alice").doesNotContain("Profile_Rule").doesNotContain("Resync_Periodic");
        assertThat(own).contains(target.key().reveal()).contains(target.directory()).contains("s3cret")
                .contains("Alice").contains("Profile_Rule");
    }

    @Test
    void aStageZeroFileIsSharedWhole() {
        RenderedProfile stage0 = renderer.stage0("962", BootstrapMode.STAGING_KEY);

        assertThat(stage0.sharedParameters()).isEqualTo(stage0.profile().size());
    }

    @Test
    void mtlsDevicesGetTheRecoveryAlternative() {
        String rule = renderer.chainRule(device(BootstrapMode.MTLS));
        assertThat(rule).isEqualTo("( \"$CCERT\" eq \"Installed\" and $PRVST eq 2 )? "
                + "https://prov.example.net/bootstrap/$MA.xml | [--key $A] http://prov.example.net/profile/$B/spa962.cfg");
    }

    @Test
    void theKeyCanLiveInTheHiddenSlot() {
        ProfileRenderer hardened = new ProfileRenderer(
                new RenderSettings("prov.example.net", "https", "SA", "B", "3600", "600", true));
        Generation target = generation(1);
        RenderedProfile rendered = hardened.chain(device(BootstrapMode.STAGING_KEY), target);
        assertThat(rendered.profile().value("GPP_SA")).contains(target.key().reveal());
        assertThat(rendered.profile().value("GPP_A")).isEmpty();
        SealedFile file = sealer.seal(rendered, target.key(), true, MAC, "962");
        assertThat(FlatProfileXml.parse(new ProfileCipher().open(file.content(), target.key())).value("Profile_Rule"))
                .contains("[--key $SA] https://prov.example.net/profile/$B/spa962.cfg");
    }

    @Test
    void aSealedFileOpensWithTheHeldKeyAndLeadsToTheTarget() {
        Generation held = generation(1);
        Generation target = generation(2);
        RenderedProfile rendered = renderer.chain(device(BootstrapMode.STAGING_KEY), target);
        SealedFile file = sealer.seal(rendered, held.key(), true, MAC, "962");
        FlatProfile back = FlatProfileXml.parse(new ProfileCipher().open(file.content(), held.key()));
        assertThat(back.value("GPP_A")).contains(target.key().reveal());
        assertThat(file.sha256()).hasSize(64);
    }

    @Test
    void onePlaintextVerifiedOnceIsSealedForEveryHeldKey() {
        Generation target = generation(3);
        RenderedProfile rendered = renderer.chain(device(BootstrapMode.STAGING_KEY), target);
        VerifiedPlaintext plaintext = sealer.verify(rendered, true, MAC, "962");
        for (ProfileKey held : List.of(generation(1).key(), generation(2).key(), target.key())) {
            SealedFile file = sealer.seal(plaintext, held);
            FlatProfile back = FlatProfileXml.parse(new ProfileCipher().open(file.content(), held));
            assertThat(back.value("GPP_A")).contains(target.key().reveal());
            assertThat(back.value("GPP_B")).contains(target.directory());
        }
    }

    @Test
    void aVerifiedPlaintextShowsNoSecret() {
        Generation target = generation(1);
        VerifiedPlaintext plaintext = sealer.verify(renderer.chain(device(BootstrapMode.STAGING_KEY), target), false,
                MAC, "962");
        assertThat(plaintext.toString()).doesNotContain(target.key().reveal()).doesNotContain(target.directory())
                .doesNotContain("s3cret").contains("bytes");
    }

    @Test
    void refusesToVerifyAPlaintextWhoseRuleLeadsElsewhere() {
        Generation target = generation(1);
        RenderedProfile rendered = renderer.chain(device(BootstrapMode.STAGING_KEY), target);
        RenderedProfile wrong = new RenderedProfile(rendered.profile(), rendered.managed(),
                "/profile/elsewhere/spa962.cfg", rendered.expectedKey());
        assertThatThrownBy(() -> sealer.verify(wrong, true, MAC, "962"))
                .isInstanceOf(VerificationException.class).hasMessageContaining("intended chain path")
                .hasMessageNotContaining(target.key().reveal());
    }

    @Test
    void refusesToPassAFileWhoseRuleLeadsElsewhere() {
        Generation target = generation(1);
        RenderedProfile rendered = renderer.chain(device(BootstrapMode.STAGING_KEY), target);
        RenderedProfile wrong = new RenderedProfile(rendered.profile(), rendered.managed(),
                "/profile/elsewhere/spa962.cfg", rendered.expectedKey());
        assertThatThrownBy(() -> sealer.seal(wrong, target.key(), false, MAC, "962"))
                .isInstanceOf(VerificationException.class).hasMessageContaining("intended chain path")
                .hasMessageNotContaining(target.key().reveal());
    }

    @Test
    void refusesToPassAFileWhoseManagedValueWasLost() {
        Generation target = generation(1);
        RenderedProfile rendered = renderer.chain(device(BootstrapMode.STAGING_KEY), target);
        FlatProfile tampered = rendered.profile().toBuilder().set("Resync_Periodic", "1").build();
        assertThatThrownBy(() -> sealer.seal(new RenderedProfile(tampered, rendered.managed(), rendered.expectedPath(),
                rendered.expectedKey()), target.key(), true, MAC, "962"))
                .isInstanceOf(VerificationException.class).hasMessageContaining("Resync_Periodic");
    }

    @Test
    void stageZeroHoldsNoSecretAndPointsAtTheBootstrap() {
        SealedFile file = sealer.plain(renderer.stage0("962", BootstrapMode.STAGING_KEY), null, "962");
        FlatProfile back = FlatProfileXml.parse(file.content());
        assertThat(back.value("Profile_Rule")).contains("[--key $SA] http://prov.example.net/bootstrap/spa$MA.cfg");
        assertThat(back.value("GPP_A")).isEmpty();
    }

    @Test
    void theOpensslCliDecryptsASealedFile(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/openssl").canExecute() || onPath("openssl"),
                "the openssl CLI is not installed");
        Generation target = generation(1);
        ProfileKey key = target.key();
        SealedFile file = sealer.seal(renderer.chain(device(BootstrapMode.STAGING_KEY), target), key, false, MAC, "962");
        Path in = Files.write(dir.resolve("spa962.cfg"), file.content());
        Path out = dir.resolve("plain.xml");
        Process p = new ProcessBuilder("openssl", "enc", "-d", "-aes-256-cbc", "-md", "md5", "-pass", "stdin",
                "-in", in.toString(), "-out", out.toString()).redirectErrorStream(true).start();
        p.getOutputStream().write((key.reveal() + "\n").getBytes());
        p.getOutputStream().close();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        assertThat(FlatProfileXml.parse(Files.readAllBytes(out)).value("GPP_B")).contains(target.directory());
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(d, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
