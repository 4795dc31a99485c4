package io.keyturn.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.time.VirtualScheduler;
import io.keyturn.simulator.transport.InMemoryProfileTransport;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A seeded fleet of 1,000 units over 30 virtual days: stage 0 over TFTP, a staging-key bootstrap, the
 * chain, one rotation on day 10 while 100 units are offline from day 9 to day 12.
 */
class FleetTest {

    private static final long SEED = Long.getLong("keyturn.seed", 42L);
    private static final int UNITS = 1_000;
    private static final String CHAIN_RULE = "[--key $A] http://prov.example.net/profile/$B/spa962.cfg";
    /** A daily resync keeps the run to ~30 resyncs per unit; the algorithm is the same at any interval. */
    private static final String PERIODIC = "86400+3600";

    private final ProfileCipher cipher = new ProfileCipher();
    private final SplittableRandom random = new SplittableRandom(SEED);

    @Test
    void aThousandUnitsLiveThroughThirtyDaysAndARotation() {
        VirtualScheduler scheduler = new VirtualScheduler();
        InMemoryProfileTransport server = new InMemoryProfileTransport();
        server.setRecording(false);
        Fleet fleet = new Fleet(scheduler, server, SyslogSink.DISCARD, SEED, "10.0.0.1");
        server.publish("tftp://10.0.0.1/spa962.cfg", xml("Profile_Rule",
                "[--key $SA] http://prov.example.net/bootstrap/spa$MA.cfg", "Resync_Periodic", PERIODIC));
        Map<String, String[]> generation1 = new HashMap<>();
        Map<String, String[]> generation2 = new HashMap<>();
        for (int i = 0; i < UNITS; i++) {
            String mac = String.format("000e08%06x", i);
            String staging = token(32);
            String[] g1 = {token(32), token(11)};
            generation1.put(mac, g1);
            fleet.add(DeviceIdentity.of(mac, "SPA962", String.format("88012BA%05d", i)),
                    FlatProfile.builder().set("GPP_SA", staging).build());
            server.publish("http://prov.example.net/bootstrap/spa" + mac + ".cfg", cipher.seal(xml(
                    "GPP_A", g1[0], "GPP_B", g1[1], "Profile_Rule", CHAIN_RULE), staging, false));
            publish(server, g1, g1);
        }

        fleet.powerOnAll();
        scheduler.runFor(Duration.ofDays(9));
        assertThat(fleet.statuses()).allSatisfy(s -> {
            assertThat(s.keyFingerprint()).contains(ProfileKey.of(generation1.get(s.mac())[0]).fingerprint());
            assertThat(s.failing()).isFalse();
        });

        List<SpaDevice> offline = fleet.devices().subList(0, 100);
        offline.forEach(SpaDevice::goOffline);
        scheduler.runFor(Duration.ofDays(1));
        for (SpaDevice d : fleet.devices()) {
            String[] g1 = generation1.get(d.mac());
            String[] g2 = {token(32), token(11)};
            generation2.put(d.mac(), g2);
            publish(server, g2, g2);
            publish(server, g1, g2);
        }
        scheduler.runFor(Duration.ofDays(2));
        offline.forEach(SpaDevice::comeOnline);
        scheduler.runUntil(VirtualScheduler.DEFAULT_START.plus(Duration.ofDays(30)));

        assertThat(fleet.statuses()).allSatisfy(s -> {
            String[] g2 = generation2.get(s.mac());
            assertThat(s.gppB()).isEqualTo(g2[1]);
            assertThat(s.keyFingerprint()).contains(ProfileKey.of(g2[0]).fingerprint());
            assertThat(s.failing()).isFalse();
        });
        ResyncCounts counts = fleet.counts();
        assertThat(counts.fetches(UrlScheme.TFTP)).isEqualTo(UNITS);
        assertThat(counts.fetches(UrlScheme.HTTPS)).isZero();
        assertThat(counts.resyncs(ResyncReason.POWER_UP)).isEqualTo(UNITS);
        // Daily resyncs with up to an hour of jitter: 26 to 30 per unit after the boot one.
        assertThat(counts.resyncs(ResyncReason.PERIODIC)).isBetween(26L * UNITS, 30L * UNITS);
        assertThat(counts.successes() + counts.failures()).isEqualTo(counts.resyncs());
        assertThat(counts.failures()).isEqualTo(counts.failures(ResyncFailure.Kind.UNREACHABLE)).isPositive();
        assertThat(counts.resyncs(ResyncReason.RETRY)).isEqualTo(counts.failures());
        assertThat(offline).allSatisfy(d -> assertThat(d.status().counts().failures()).isPositive());
        assertThat(fleet.devices().subList(100, UNITS)).allSatisfy(d -> assertThat(d.status().counts().failures()).isZero());
    }

    @Test
    void aFactoryResetUnitWalksStageZeroAgainAndAStormArrivesWithinTheRandomDelay() {
        VirtualScheduler scheduler = new VirtualScheduler();
        InMemoryProfileTransport server = new InMemoryProfileTransport();
        Fleet fleet = new Fleet(scheduler, server, SyslogSink.DISCARD, SEED, "10.0.0.1");
        server.publish("tftp://10.0.0.1/spa962.cfg", xml("Profile_Rule",
                "[--key $SA] http://prov.example.net/bootstrap/spa$MA.cfg", "Resync_Periodic", PERIODIC));
        List<String> macs = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String mac = String.format("000e08%06x", i);
            String staging = token(32);
            String[] g1 = {token(32), token(11)};
            macs.add(mac);
            fleet.add(DeviceIdentity.of(mac, "SPA962", "SN" + i), FlatProfile.builder().set("GPP_SA", staging).build());
            server.publish("http://prov.example.net/bootstrap/spa" + mac + ".cfg", cipher.seal(xml(
                    "GPP_A", g1[0], "GPP_B", g1[1], "Profile_Rule", CHAIN_RULE), staging, false));
            publish(server, g1, g1);
        }
        fleet.powerOnAll();
        scheduler.runFor(Duration.ofDays(2));

        fleet.factoryReset(macs.subList(0, 5));
        assertThat(fleet.devices().subList(0, 5)).allSatisfy(d -> assertThat(d.status().gppB()).isEmpty());
        // Stage 0 sets the bootstrap rule, which the next (daily) resync follows.
        scheduler.runFor(Duration.ofDays(2));
        ResyncCounts afterReset = fleet.counts();
        assertThat(afterReset.fetches(UrlScheme.TFTP)).as("stage 0 again for the reset units only").isEqualTo(55);
        assertThat(fleet.statuses()).allSatisfy(s -> {
            assertThat(s.gppB()).isNotEmpty();
            assertThat(s.failing()).isFalse();
        });

        fleet.rebootAll();
        // Resync_Random_Delay 2 (units of 20 s): every unit has resynced 40 s after the power came back.
        scheduler.runFor(Duration.ofSeconds(40));
        assertThat(fleet.counts().resyncs(ResyncReason.POWER_UP) - afterReset.resyncs(ResyncReason.POWER_UP))
                .isEqualTo(50);
        assertThatThrownBy(() -> fleet.goOffline(List.of("000e08ffffff")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("000e08ffffff");
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        assertThat(runSmallFleet(7)).isEqualTo(runSmallFleet(7)).isNotEqualTo(runSmallFleet(8));
    }

    /** Every syslog line of 20 units over two days, as text. */
    private static String runSmallFleet(long seed) {
        VirtualScheduler scheduler = new VirtualScheduler();
        InMemoryProfileTransport server = new InMemoryProfileTransport();
        server.publish("tftp://10.0.0.1/spa962.cfg", xml("Resync_Periodic", "3600+1800"));
        SyslogBuffer syslog = new SyslogBuffer();
        Fleet fleet = new Fleet(scheduler, server, syslog, seed, "10.0.0.1");
        for (int i = 0; i < 20; i++) {
            fleet.add(DeviceIdentity.of(String.format("000e08%06x", i), "SPA962", "SN" + i));
        }
        fleet.powerOnAll();
        scheduler.runFor(Duration.ofDays(2));
        return syslog.lines().toString();
    }

    private void publish(InMemoryProfileTransport server, String[] at, String[] next) {
        server.publish("http://prov.example.net/profile/" + at[1] + "/spa962.cfg", cipher.seal(xml(
                "GPP_A", next[0], "GPP_B", next[1], "Profile_Rule", CHAIN_RULE, "Resync_Periodic", PERIODIC),
                at[0], false));
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static byte[] xml(String... pairs) {
        FlatProfile.Builder b = FlatProfile.builder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.set(pairs[i], pairs[i + 1]);
        }
        return FlatProfileXml.writeBytes(b.build());
    }
}
