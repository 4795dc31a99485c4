package io.keyturn.simulator;

import static io.keyturn.simulator.Lab.MAC;
import static io.keyturn.simulator.Lab.profile;
import static io.keyturn.simulator.Lab.sealed;
import static io.keyturn.simulator.Lab.url;
import static io.keyturn.simulator.Lab.xml;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.crypto.ProfileKeys;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The DESIGN.md §1 flow as a unit sees it: stage 0 over TFTP, a staging-key bootstrap, the chain,
 * and two rotations in which the file at the directory the unit knows is re-published pointing at a
 * new key and directory.
 */
class ChainWalkTest {

    private static final String CHAIN_RULE = "[--key $A] " + url("/profile/$B/spa962.cfg");

    private final Lab lab = new Lab();
    private final String staging = ProfileKeys.newKey().reveal();

    /** Generation n: its key and directory, and the URL of its chain file. */
    private record Generation(String key, String dir) {
        static Generation fresh() {
            return new Generation(ProfileKeys.newKey().reveal(), ProfileKeys.newDirectory());
        }

        String url() {
            return Lab.url("/profile/" + dir + "/spa962.cfg");
        }

        String fingerprint() {
            return ProfileKey.of(key).fingerprint();
        }
    }

    /** Publishes the chain file of {@code at}, encrypted with its key, pointing at {@code next}. */
    private void publish(Generation at, Generation next) {
        lab.server.publish(at.url(), sealed(at.key(), "GPP_A", next.key(), "GPP_B", next.dir(),
                "Profile_Rule", CHAIN_RULE, "Station_Name", "chain"));
    }

    @Test
    void unitWalksFromStageZeroThroughBootstrapOntoTheChainAndFollowsTwoRotations() {
        Generation g1 = Generation.fresh();
        lab.server.publish("tftp://10.0.0.1/spa962.cfg",
                xml("Profile_Rule", "[--key $SA] " + url("/bootstrap/spa$MA.cfg")));
        lab.server.publish(url("/bootstrap/spa" + MAC + ".cfg"), sealed(staging,
                "GPP_A", g1.key(), "GPP_B", g1.dir(), "Profile_Rule", CHAIN_RULE));
        publish(g1, g1);
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile("GPP_SA", staging));

        device.powerOn();
        lab.runFor(Duration.ofSeconds(40));
        assertThat(device.status().lastSuccessfulUrl()).contains("tftp://10.0.0.1:69/spa962.cfg");
        assertThat(device.status().profileRule()).isEqualTo("[--key $SA] " + url("/bootstrap/spa$MA.cfg"));

        lab.runFor(Duration.ofHours(1));
        assertThat(device.status().lastSuccessfulUrl()).contains("http://prov.example.net:80/bootstrap/spa000e08aabbcc.cfg");
        assertThat(device.status().keyFingerprint()).contains(ProfileKey.of(staging).fingerprint());
        assertThat(device.status().gppB()).isEqualTo(g1.dir());

        lab.runFor(Duration.ofHours(1));
        assertThat(device.status().lastSuccessfulUrl()).contains("http://prov.example.net:80/profile/" + g1.dir() + "/spa962.cfg");
        assertThat(device.status().keyFingerprint()).contains(g1.fingerprint());
        assertThat(device.parameter("Station_Name")).contains("chain");

        // Rotation 1: g2 is published first, then g1's file is re-published pointing at it.
        Generation g2 = Generation.fresh();
        publish(g2, g2);
        publish(g1, g2);
        lab.runFor(Duration.ofHours(1));
        assertThat(device.status().gppB()).isEqualTo(g2.dir());
        assertThat(device.status().keyFingerprint()).contains(g1.fingerprint());
        lab.runFor(Duration.ofHours(1));
        assertThat(device.status().lastSuccessfulUrl()).hasValueSatisfying(u -> assertThat(u).contains(g2.dir()));
        assertThat(device.status().keyFingerprint()).contains(g2.fingerprint());

        // Rotation 2, and g1 retired (withdrawn) once g2 is confirmed.
        lab.server.withdraw(g1.url());
        Generation g3 = Generation.fresh();
        publish(g3, g3);
        publish(g2, g3);
        lab.runFor(Duration.ofHours(2));
        assertThat(device.status().gppA()).isEqualTo(g3.key());
        assertThat(device.status().gppB()).isEqualTo(g3.dir());
        assertThat(device.status().keyFingerprint()).contains(g3.fingerprint());
        assertThat(device.status().counts().failures()).isZero();
        assertThat(lab.server.fetchCount(g3.url())).isEqualTo(1);
    }

    @Test
    void unitOfflineThroughBothRotationsCatchesUpGenerationByGeneration() {
        Generation g1 = Generation.fresh();
        publish(g1, g1);
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", CHAIN_RULE, "GPP_A", g1.key(), "GPP_B", g1.dir(), "Resync_Random_Delay", "0"));
        device.powerOn();
        lab.runFor(Duration.ofMinutes(1));
        device.goOffline();

        Generation g2 = Generation.fresh();
        Generation g3 = Generation.fresh();
        publish(g3, g3);
        publish(g2, g3);
        publish(g1, g3);
        lab.runFor(Duration.ofDays(3));
        assertThat(device.status().failing()).isTrue();
        assertThat(device.status().gppB()).isEqualTo(g1.dir());

        device.comeOnline();
        lab.runFor(Duration.ofHours(2));
        assertThat(device.status().gppB()).isEqualTo(g3.dir());
        assertThat(device.status().keyFingerprint()).contains(g3.fingerprint());
        assertThat(device.status().failing()).isFalse();
    }

    @Test
    void aRotationPublishedInTheWrongOrderStrandsTheUnitUntilTheFileAppears() {
        Generation g1 = Generation.fresh();
        Generation g2 = Generation.fresh();
        publish(g1, g2);
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", CHAIN_RULE, "GPP_A", g1.key(), "GPP_B", g1.dir(), "Resync_Random_Delay", "0"));
        device.powerOn();
        lab.runFor(Duration.ofHours(3));

        assertThat(device.status().gppB()).isEqualTo(g2.dir());
        assertThat(device.status().lastResult()).flatMap(ResyncResult::failure).map(ResyncFailure::kind)
                .contains(ResyncFailure.Kind.FILE_NOT_FOUND);

        publish(g2, g2);
        lab.runFor(Duration.ofHours(1));
        assertThat(device.status().failing()).isFalse();
        assertThat(device.status().keyFingerprint()).contains(g2.fingerprint());
    }
}
