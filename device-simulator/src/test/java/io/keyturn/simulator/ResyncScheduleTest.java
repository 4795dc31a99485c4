package io.keyturn.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.simulator.time.VirtualScheduler;
import io.keyturn.simulator.transport.InMemoryProfileTransport.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResyncScheduleTest {

    private static final long BASE_SEED = Long.getLong("keyturn.seed", 20260101L);

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "3600; 3600",
        "1800+300,3600+600,7200+900; 1800+300,3600+600,7200+900",
        " 30 , 60 + 5 ; 30,60+5",
        "''; 0",
        "0; 0"})
    void readsBackOffLists(String text, String canonical) {
        assertThat(ResyncSchedule.parse(text)).map(ResyncSchedule::format).contains(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "10,", "+5", "10++5", "-10", "10+5+5", "1e3", "9999999999"})
    void refusesWhatIsNotABackOffList(String text) {
        assertThat(ResyncSchedule.parse(text)).isEmpty();
    }

    static Stream<Long> seeds() {
        return LongStream.range(0, 25).mapToObj(i -> BASE_SEED + i);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theLastElementRepeatsAndJitterStaysInBounds(long seed) {
        ResyncSchedule schedule = ResyncSchedule.parse("1800+300,3600+600,7200+900").orElseThrow();
        SplittableRandom random = new SplittableRandom(seed);

        for (int attempt = 0; attempt < 8; attempt++) {
            long s = schedule.delay(attempt, random).toSeconds();
            long min = attempt == 0 ? 1800 : attempt == 1 ? 3600 : 7200;
            assertThat(s).as("seed %d (replay with -Dkeyturn.seed=%d), attempt %d", seed, seed, attempt)
                    .isBetween(min, min + (attempt == 0 ? 300 : attempt == 1 ? 600 : 900));
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aFailingUnitRetriesFromTheBeginningAlongTheBackOffList(long seed) {
        Lab lab = new Lab();
        SpaDevice device = SpaDevice.builder(DeviceIdentity.of(Lab.MAC, "SPA962", Lab.SERIAL))
                .transport(lab.server).scheduler(lab.scheduler).syslog(lab.syslog).dhcpServer(Lab.DHCP_SERVER)
                .seed(seed)
                .customDefaults(Lab.profile("Resync_Error_Retry_Delay", "1800+300,3600+600,7200+900",
                        "Profile_Rule", Lab.url("/a.cfg"), "Profile_Rule_B", Lab.url("/b.cfg")))
                .build();
        lab.server.setReachable(Lab.HOST, false);
        device.powerOn();
        lab.runFor(Duration.ofDays(1));

        List<Instant> attempts = new ArrayList<>();
        lab.syslog.lines().stream().filter(l -> l.kind() == SyslogLine.Kind.FAILURE).forEach(l -> attempts.add(l.at()));
        String replay = "seed " + seed + " (replay with -Dkeyturn.seed=" + seed + ")";
        assertThat(attempts).as(replay).hasSizeGreaterThan(5);
        assertThat(Duration.between(VirtualScheduler.DEFAULT_START, attempts.get(0))).as(replay)
                .isBetween(Duration.ZERO, Duration.ofSeconds(40));
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) {
            gaps.add(Duration.between(attempts.get(i - 1), attempts.get(i)).toSeconds());
        }
        assertThat(gaps.get(0)).as(replay).isBetween(1800L, 2100L);
        assertThat(gaps.get(1)).as(replay).isBetween(3600L, 4200L);
        assertThat(gaps.subList(2, gaps.size())).as(replay).allSatisfy(g -> assertThat(g).isBetween(7200L, 8100L));
        // Every attempt starts again at Profile_Rule, and Profile_Rule_B is never reached.
        assertThat(lab.server.fetches()).as(replay).hasSize(attempts.size())
                .allSatisfy(f -> assertThat(f.url()).isEqualTo("http://prov.example.net:80/a.cfg"));
        assertThat(device.status().lastResult()).map(ResyncResult::reason).contains(ResyncReason.RETRY);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void periodicJitterStaysInBoundsAndTheListRestartsAfterAFailure(long seed) {
        Lab lab = new Lab();
        lab.server.publish("tftp://10.0.0.1/spa962.cfg", Lab.xml());
        SpaDevice device = SpaDevice.builder(DeviceIdentity.of(Lab.MAC, "SPA962", Lab.SERIAL))
                .transport(lab.server).scheduler(lab.scheduler).syslog(lab.syslog).dhcpServer(Lab.DHCP_SERVER)
                .seed(seed).customDefaults(Lab.profile("Resync_Periodic", "600,1200+60")).build();
        device.powerOn();
        lab.runFor(Duration.ofHours(3));

        List<Instant> successes = lab.syslog.lines().stream().filter(l -> l.kind() == SyslogLine.Kind.SUCCESS)
                .map(SyslogLine::at).toList();
        String replay = "seed " + seed + " (replay with -Dkeyturn.seed=" + seed + ")";
        assertThat(Duration.between(successes.get(0), successes.get(1)).toSeconds()).as(replay).isEqualTo(600);
        for (int i = 2; i < successes.size(); i++) {
            assertThat(Duration.between(successes.get(i - 1), successes.get(i)).toSeconds()).as(replay)
                    .isBetween(1200L, 1260L);
        }

        lab.server.inject("tftp://10.0.0.1/spa962.cfg", Fault.NOT_FOUND);
        device.resyncNow();
        lab.server.clearFault("tftp://10.0.0.1/spa962.cfg");
        Instant failedAt = lab.now();
        lab.runFor(Duration.ofHours(1));
        assertThat(device.status().lastSuccessAt()).contains(failedAt.plusSeconds(3600));
        assertThat(device.status().nextResyncAt()).contains(failedAt.plusSeconds(3600 + 600));
    }
}
