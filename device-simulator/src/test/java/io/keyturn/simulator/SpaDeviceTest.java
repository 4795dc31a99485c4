package io.keyturn.simulator;

import static io.keyturn.simulator.Lab.MAC;
import static io.keyturn.simulator.Lab.profile;
import static io.keyturn.simulator.Lab.sealed;
import static io.keyturn.simulator.Lab.url;
import static io.keyturn.simulator.Lab.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.crypto.ProfileKeys;
import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.transport.InMemoryProfileTransport.Fault;
import io.keyturn.simulator.transport.InMemoryProfileTransport.Fetch;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class SpaDeviceTest {

    private final Lab lab = new Lab();

    @Test
    void factoryUnitFetchesItsModelFileOverTftpFromTheDhcpServer() {
        lab.server.publish("tftp://10.0.0.1/spa962.cfg", xml("Station_Name", "lobby"));
        SpaDevice device = lab.spa962();

        device.powerOn();
        lab.runFor(Duration.ofSeconds(40));

        assertThat(lab.server.fetches()).singleElement().satisfies(f -> {
            assertThat(f.url()).isEqualTo("tftp://10.0.0.1:69/spa962.cfg");
            assertThat(f.userAgent()).isEqualTo("Linksys/SPA-962-6.1.5(a) (88012BA01234)");
        });
        assertThat(device.parameter("Station_Name")).contains("lobby");
        DeviceStatus status = device.status();
        assertThat(status.lastResult()).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(ResyncReason.POWER_UP);
            assertThat(r.succeeded()).isTrue();
        });
        assertThat(status.counts().fetches(UrlScheme.TFTP)).isEqualTo(1);
        assertThat(status.nextResyncReason()).contains(ResyncReason.PERIODIC);
        assertThat(status.nextResyncAt()).contains(status.lastSuccessAt().orElseThrow().plusSeconds(3600));
    }

    @Test
    void bootResyncWaitsAtMostResyncRandomDelayTimesTwentySeconds() {
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL),
                profile("Resync_Random_Delay", "3"));

        device.powerOn();

        assertThat(device.status().nextResyncReason()).contains(ResyncReason.POWER_UP);
        assertThat(device.status().nextResyncAt()).hasValueSatisfying(at ->
                assertThat(Duration.between(lab.now(), at)).isBetween(Duration.ZERO, Duration.ofSeconds(60)));
    }

    @Test
    void resyncOnResetNoWaitsForThePeriodicTimer() {
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL),
                profile("Resync_On_Reset", "No", "Resync_Periodic", "600"));

        device.powerOn();

        assertThat(device.status().nextResyncReason()).contains(ResyncReason.PERIODIC);
        assertThat(device.status().nextResyncAt()).contains(lab.now().plusSeconds(600));
    }

    @Test
    void syslogLinesExpandTheLogTemplates() {
        lab.server.publish("tftp://10.0.0.1/spa962.cfg", xml("Station_Name", "lobby"));
        SpaDevice device = lab.spa962();
        device.powerOn();
        device.resyncNow();
        lab.server.inject("tftp://10.0.0.1/spa962.cfg", Fault.UNREACHABLE);
        device.resyncNow();

        assertThat(lab.syslog.lines(MAC)).extracting(SyslogLine::message).containsExactly(
                "SPA962 00:0e:08:aa:bb:cc -- Requesting resync tftp://10.0.0.1:69/spa962.cfg",
                "SPA962 00:0e:08:aa:bb:cc -- Successful resync tftp://10.0.0.1:69/spa962.cfg -- ",
                "SPA962 00:0e:08:aa:bb:cc -- Requesting resync tftp://10.0.0.1:69/spa962.cfg",
                "SPA962 00:0e:08:aa:bb:cc -- Resync failed: server unreachable (no answer from 10.0.0.1)");
    }

    @Test
    void syslogNeverExpandsTheHiddenKeyParameters() {
        String key = ProfileKeys.newKey().reveal();
        lab.server.publish("tftp://10.0.0.1/spa962.cfg", xml());
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "GPP_SA", key, "Log_Resync_Success_Msg", "$PN ok $SA $(SA)"));
        device.powerOn();

        device.resyncNow();

        assertThat(lab.syslog.lines()).extracting(SyslogLine::message).contains("SPA962 ok $SA $(SA)")
                .noneMatch(line -> line.contains(key));
    }

    @Test
    void fileNotFoundFailsAndRetriesWhenResyncFailsOnFnfIsYes() {
        SpaDevice device = lab.spa962();
        device.powerOn();

        ResyncResult result = device.resyncNow();

        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(ResyncFailure.Kind.FILE_NOT_FOUND);
            assertThat(f.rule()).isEqualTo("Profile_Rule");
            assertThat(f.url()).contains("tftp://10.0.0.1:69/spa962.cfg");
        });
        assertThat(device.status().nextResyncReason()).contains(ResyncReason.RETRY);
        assertThat(device.status().nextResyncAt()).contains(lab.now().plusSeconds(3600));
        assertThat(device.status().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void fileNotFoundIsASuccessThatChangesNothingWhenResyncFailsOnFnfIsNo() {
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Resync_Fails_On_FNF", "No", "GPP_B", "old-dir"));
        device.powerOn();

        ResyncResult result = device.resyncNow();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.fetched()).isEmpty();
        assertThat(device.parameter("GPP_B")).contains("old-dir");
        assertThat(device.status().counts().fileNotFoundAccepted()).isEqualTo(1);
        assertThat(device.status().nextResyncReason()).contains(ResyncReason.PERIODIC);
        assertThat(device.status().nextResyncAt()).contains(lab.now().plusSeconds(3600));
    }

    @Test
    void wrongKeyIsCorruptKeepsTheOldConfigurationAndRetriesForever() {
        String held = ProfileKeys.newKey().reveal();
        String other = ProfileKeys.newKey().reveal();
        String rule = "[--key $A] " + url("/profile/$B/spa962.cfg");
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", rule, "GPP_A", held, "GPP_B", "dir1", "Resync_Random_Delay", "0"));
        lab.server.publish(url("/profile/dir1/spa962.cfg"), sealed(other, "GPP_A", "k2", "GPP_B", "dir2"));

        device.powerOn();
        lab.runFor(Duration.ofDays(10));

        DeviceStatus status = device.status();
        assertThat(status.gppA()).isEqualTo(held);
        assertThat(status.gppB()).isEqualTo("dir1");
        assertThat(status.lastResult()).flatMap(ResyncResult::failure).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(ResyncFailure.Kind.CORRUPT);
            assertThat(f.detail()).isEqualTo("wrong-key");
        });
        // One boot attempt at t=0, then a retry every 3600 s for ten days, all of them corrupt.
        assertThat(status.counts().failures(ResyncFailure.Kind.CORRUPT)).isEqualTo(241);
        assertThat(status.counts().successes()).isZero();
        assertThat(status.consecutiveFailures()).isEqualTo(241);
        assertThat(status.nextResyncReason()).contains(ResyncReason.RETRY);
    }

    @Test
    void corruptBytesChangeNothing() {
        String key = ProfileKeys.newKey().reveal();
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", "[--key $A] " + url("/p.cfg"), "GPP_A", key, "GPP_B", "before"));
        lab.server.publish(url("/p.cfg"), sealed(key, "GPP_B", "after"));
        lab.server.inject(url("/p.cfg"), Fault.CORRUPT);
        device.powerOn();

        assertThat(device.resyncNow().failure()).map(ResyncFailure::kind).contains(ResyncFailure.Kind.CORRUPT);
        assertThat(device.parameter("GPP_B")).contains("before");

        lab.server.clearFault(url("/p.cfg"));
        assertThat(device.resyncNow().succeeded()).isTrue();
        assertThat(device.parameter("GPP_B")).contains("after");
    }

    @Test
    void anUnencryptedFileFetchedWithAKeyIsCorrupt() {
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", "[--key secret] " + url("/p.cfg")));
        lab.server.publish(url("/p.cfg"), xml("GPP_B", "x"));
        device.powerOn();

        assertThat(device.resyncNow().failure()).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(ResyncFailure.Kind.CORRUPT);
            assertThat(f.detail()).isEqualTo("not-encrypted-profile");
        });
        assertThat(device.parameter("GPP_B")).contains("");
    }

    @Test
    void anEncryptedFileFetchedWithoutAKeyIsCorrupt() {
        lab.server.publish("tftp://10.0.0.1/spa962.cfg", sealed("k", "GPP_B", "x"));
        SpaDevice device = lab.spa962();
        device.powerOn();

        assertThat(device.resyncNow().failure()).map(ResyncFailure::kind).contains(ResyncFailure.Kind.CORRUPT);
    }

    @Test
    void aGzippedPlainProfileIsInflated() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(xml("Station_Name", "zipped"));
        }
        lab.server.publish("tftp://10.0.0.1/spa962.cfg", gz.toByteArray());
        SpaDevice device = lab.spa962();
        device.powerOn();

        assertThat(device.resyncNow().succeeded()).isTrue();
        assertThat(device.parameter("Station_Name")).contains("zipped");
    }

    @Test
    void profileRuleBIsNotReachedWhenProfileRuleFails() {
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", url("/a.cfg"), "Profile_Rule_B", url("/b.cfg")));
        lab.server.publish(url("/b.cfg"), xml("Station_Name", "from-b"));
        device.powerOn();

        ResyncResult failed = device.resyncNow();
        lab.server.publish(url("/a.cfg"), xml("Station_Name", "from-a"));
        ResyncResult succeeded = device.resyncNow();

        assertThat(failed.failure()).map(ResyncFailure::rule).contains("Profile_Rule");
        assertThat(succeeded.fetched()).containsExactly("http://prov.example.net:80/a.cfg",
                "http://prov.example.net:80/b.cfg");
        assertThat(lab.server.fetchCount(url("/b.cfg"))).isEqualTo(1);
        assertThat(device.parameter("Station_Name")).contains("from-b");
    }

    @Test
    void aBlankOrCommentedProfileRuleIsSkipped() {
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", "", "Profile_Rule_B", "# " + url("/never.cfg"), "Profile_Rule_C", url("/c.cfg")));
        lab.server.publish(url("/c.cfg"), xml("Station_Name", "from-c"));
        device.powerOn();

        assertThat(device.resyncNow().fetched()).containsExactly("http://prov.example.net:80/c.cfg");
    }

    @Test
    void aRuleSeesWhatTheRuleBeforeItApplied() {
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", url("/a.cfg"), "Profile_Rule_B", url("/b/$D.cfg")));
        lab.server.publish(url("/a.cfg"), xml("GPP_D", "chosen"));
        lab.server.publish(url("/b/chosen.cfg"), xml("Station_Name", "b"));
        device.powerOn();

        assertThat(device.resyncNow().fetched()).containsExactly("http://prov.example.net:80/a.cfg",
                "http://prov.example.net:80/b/chosen.cfg");
    }

    @Test
    void assignmentsApplyBeforeTheFetchAndStayWhenItFails() {
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", "(d = \"$MA\";)! " + url("/prov/$D.cfg")));
        device.powerOn();

        ResyncResult result = device.resyncNow();

        assertThat(result.failure()).flatMap(ResyncFailure::url).contains("http://prov.example.net:80/prov/000e08aabbcc.cfg");
        assertThat(device.parameter("GPP_D")).contains(MAC);
    }

    @Test
    void anAssignmentsOnlyRuleAlwaysSucceeds() {
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", "(GPP_C = \"set\";)!"));
        device.powerOn();

        ResyncResult result = device.resyncNow();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.fetched()).isEmpty();
        assertThat(device.parameter("GPP_C")).contains("set");
        assertThat(lab.server.fetches()).isEmpty();
    }

    @Test
    void aRuleThatDoesNotParseFailsTheResync() {
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", "[--key " + url("/x.cfg")));
        device.powerOn();

        assertThat(device.resyncNow().failure()).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(ResyncFailure.Kind.BAD_RULE);
            assertThat(f.detail()).isEqualTo("unbalanced-rule");
        });
        assertThat(device.status().nextResyncReason()).contains(ResyncReason.RETRY);
    }

    @Test
    void aUrlWithoutServerFailsWhenDhcpGaveNone() {
        SpaDevice device = SpaDevice.builder(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL))
                .transport(lab.server).scheduler(lab.scheduler).build();
        device.powerOn();

        assertThat(device.resyncNow().failure()).map(ResyncFailure::kind).contains(ResyncFailure.Kind.UNREACHABLE);
    }

    @Test
    void prvstTwoSendsOnlyRetriesOfCertifiedUnitsToTheMtlsBootstrap() throws Exception {
        String rule = "(\"$CCERT\" eq \"Installed\" and $PRVST eq 2)? https://" + Lab.HOST + "/bootstrap/$MA.xml"
                + " | [--key $A] " + url("/profile/$B/spa962.cfg");
        String held = ProfileKeys.newKey().reveal();
        String fresh = ProfileKeys.newKey().reveal();
        // The chain file was re-published under a key the units do not hold; the bootstrap hands out the current one.
        lab.server.publish(url("/profile/dir1/spa962.cfg"), sealed(fresh, "GPP_A", fresh, "GPP_B", "dir1"));
        lab.server.publish("https://" + Lab.HOST + "/bootstrap/" + MAC + ".xml", xml("GPP_A", fresh, "GPP_B", "dir1"));
        var start = profile("Profile_Rule", rule, "GPP_A", held, "GPP_B", "dir1", "Resync_Random_Delay", "0");
        SpaDevice certified = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL)
                .withClientCertificate(SSLContext.getDefault()), start);
        SpaDevice plain = lab.device(DeviceIdentity.of("000e08aabbcd", "SPA962", "88012BA01235"), start);

        certified.powerOn();
        plain.powerOn();
        lab.runFor(Duration.ofSeconds(1));
        assertThat(lab.server.fetches()).extracting(Fetch::url).containsOnly(
                "http://prov.example.net:80/profile/dir1/spa962.cfg");

        lab.runFor(Duration.ofHours(1));
        assertThat(certified.status().lastResult()).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(ResyncReason.RETRY);
            assertThat(r.fetched()).containsExactly("https://prov.example.net:443/bootstrap/000e08aabbcc.xml");
        });
        assertThat(certified.status().gppA()).isEqualTo(fresh);
        assertThat(plain.status().lastResult()).flatMap(ResyncResult::failure).map(ResyncFailure::kind)
                .contains(ResyncFailure.Kind.CORRUPT);

        lab.runFor(Duration.ofHours(1));
        assertThat(certified.status().lastResult()).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(ResyncReason.PERIODIC);
            assertThat(r.fetched()).containsExactly("http://prov.example.net:80/profile/dir1/spa962.cfg");
        });
        assertThat(lab.server.fetches()).filteredOn(f -> f.mac().equals("000e08aabbcd"))
                .extracting(Fetch::url).containsOnly("http://prov.example.net:80/profile/dir1/spa962.cfg");
    }

    @Test
    void anOfflineUnitFailsAsUnreachableWithoutTouchingTheServerAndRecoversOnline() {
        lab.server.publish("tftp://10.0.0.1/spa962.cfg", xml("Station_Name", "lobby"));
        SpaDevice device = lab.spa962();
        device.goOffline();
        device.powerOn();

        lab.runFor(Duration.ofMinutes(1));
        assertThat(device.status().lastResult()).flatMap(ResyncResult::failure).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(ResyncFailure.Kind.UNREACHABLE);
            assertThat(f.detail()).isEqualTo("network down");
        });
        assertThat(lab.server.fetches()).isEmpty();

        device.comeOnline();
        lab.runFor(Duration.ofHours(1));
        assertThat(device.status().lastResult()).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo(ResyncReason.RETRY);
            assertThat(r.succeeded()).isTrue();
        });
        assertThat(device.status().consecutiveFailures()).isZero();
    }

    @Test
    void factoryResetReturnsToStageZeroButKeepsTheCustomisation() {
        String staging = ProfileKeys.newKey().reveal();
        lab.server.publish("tftp://10.0.0.1/spa962.cfg", xml("Profile_Rule", url("/bootstrap/$MA.cfg")));
        lab.server.publish(url("/bootstrap/" + MAC + ".cfg"), xml("GPP_A", "k1", "GPP_B", "d1", "Profile_Rule", "/never"));
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile("GPP_SA", staging));
        device.powerOn();
        device.resyncNow();
        device.resyncNow();
        assertThat(device.status().gppB()).isEqualTo("d1");

        device.factoryReset();

        assertThat(device.parameter("Profile_Rule")).contains("/spa$PSN.cfg");
        assertThat(device.parameter("GPP_A")).contains("");
        assertThat(device.parameter("GPP_SA")).contains(staging);
        assertThat(device.status().nextResyncReason()).contains(ResyncReason.POWER_UP);
        lab.runFor(Duration.ofSeconds(40));
        assertThat(device.status().lastSuccessfulUrl()).contains("tftp://10.0.0.1:69/spa962.cfg");
    }

    @Test
    void provisionEnableNoStopsEveryResync() {
        lab.server.publish("tftp://10.0.0.1/spa962.cfg", xml("Provision_Enable", "No"));
        SpaDevice device = lab.spa962();
        device.powerOn();
        lab.runFor(Duration.ofMinutes(1));

        assertThat(device.status().nextResyncAt()).isEmpty();
        assertThat(device.resyncNow().outcome()).isEqualTo(ResyncResult.Outcome.DISABLED);
        lab.runFor(Duration.ofDays(2));
        assertThat(lab.server.fetches()).hasSize(1);
    }

    @Test
    void periodicZeroDisablesPeriodicResync() {
        lab.server.publish("tftp://10.0.0.1/spa962.cfg", xml("Resync_Periodic", "0"));
        SpaDevice device = lab.spa962();
        device.powerOn();
        lab.runFor(Duration.ofDays(3));

        assertThat(lab.server.fetches()).hasSize(1);
        assertThat(device.status().nextResyncAt()).isEmpty();
    }

    @Test
    void explicitResyncCarriesPrvstMinusOneAndMayNameItsOwnUrl() {
        lab.server.publish(url("/recovery.cfg"), xml("GPP_B", "recovered"));
        lab.server.publish(url("/prvst/-1.cfg"), xml("Station_Name", "explicit"));
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Profile_Rule", url("/prvst/$PRVST.cfg")));
        device.powerOn();

        ResyncResult explicit = device.resyncNow();
        ResyncResult admin = device.resyncNow(url("/recovery.cfg"));

        assertThat(explicit.reason()).isEqualTo(ResyncReason.EXPLICIT);
        assertThat(explicit.fetched()).containsExactly("http://prov.example.net:80/prvst/-1.cfg");
        assertThat(admin.fetched()).containsExactly("http://prov.example.net:80/recovery.cfg");
        assertThat(device.parameter("GPP_B")).contains("recovered");
        assertThat(device.parameter("Profile_Rule")).contains(url("/prvst/$PRVST.cfg"));
    }

    @Test
    void explicitResyncOfAPoweredOffUnitIsRefused() {
        SpaDevice device = lab.spa962();

        assertThatThrownBy(device::resyncNow).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("powered off");
    }

    @Test
    void powerOffStopsTheTimersAndPowerOnBootsAgain() {
        SpaDevice device = lab.spa962();
        device.powerOn();
        device.powerOff();
        lab.runFor(Duration.ofDays(1));
        assertThat(lab.server.fetches()).isEmpty();

        device.powerOn();
        lab.runFor(Duration.ofMinutes(1));
        assertThat(lab.server.fetches()).hasSize(1);
    }

    @Test
    void resyncTriggerStartsAResyncWhenItsConditionHolds() {
        lab.server.publish("tftp://10.0.0.1/spa962.cfg", xml());
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "Resync_Random_Delay", "0", "Resync_Periodic", "86400", "Resync_Trigger_1", "$PRVTMR gt 600"));
        device.powerOn();

        lab.runFor(Duration.ofMinutes(30));

        // t=0 at boot, then the first check after PRVTMR passed 600 s (at 660 s), then again at 1320 s.
        assertThat(device.status().counts().resyncs()).isEqualTo(3);
        assertThat(lab.server.fetches()).hasSize(3);
    }

    @Test
    void statusNeverPrintsTheKey() {
        String key = ProfileKeys.newKey().reveal();
        SpaDevice device = lab.device(DeviceIdentity.of(MAC, "SPA962", Lab.SERIAL), profile(
                "GPP_A", key, "Profile_Rule", "[--key " + key + "] " + url("/p.cfg")));
        lab.server.publish(url("/p.cfg"), sealed(key, "GPP_B", "d"));
        device.powerOn();
        device.resyncNow();

        assertThat(device.status().gppA()).isEqualTo(key);
        assertThat(List.of(device.status().toString(), device.toString(), device.status().lastResult().toString()))
                .noneMatch(s -> s.contains(key));
    }
}
