package io.keyturn.simulator.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.simulator.DeviceIdentity;
import io.keyturn.simulator.SpaDevice;
import io.keyturn.simulator.SyslogLine;
import io.keyturn.simulator.transport.InMemoryProfileTransport;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RealTimeSchedulerTest {

    @Test
    void runsTasksOnTheWallClockAndHonoursCancellation() throws Exception {
        try (RealTimeScheduler scheduler = new RealTimeScheduler(1)) {
            CountDownLatch ran = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            scheduler.schedule(scheduler.now().plusMillis(200), cancelled::countDown).cancel();
            scheduler.schedule(scheduler.now().plusMillis(50), ran::countDown);

            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cancelled.await(400, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(scheduler.firstFailure()).isEmpty();
        }
    }

    @Test
    void keepsTheFirstFailureOfATaskAndGoesOn() throws Exception {
        try (RealTimeScheduler scheduler = new RealTimeScheduler(1)) {
            CountDownLatch after = new CountDownLatch(1);
            scheduler.schedule(scheduler.now(), () -> {
                throw new IllegalStateException("boom");
            });
            scheduler.schedule(scheduler.now().plusMillis(10), after::countDown);

            assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(scheduler.firstFailure()).hasValueSatisfying(t -> assertThat(t).hasMessage("boom"));
        }
    }

    @Test
    void aUnitResyncsInRealTime() throws Exception {
        InMemoryProfileTransport server = new InMemoryProfileTransport();
        server.publish("tftp://10.0.0.1/spa962.cfg", FlatProfileXml.writeBytes(
                FlatProfile.builder().set("Station_Name", "real").build()));
        CountDownLatch success = new CountDownLatch(1);
        try (RealTimeScheduler scheduler = new RealTimeScheduler(2)) {
            Instant before = scheduler.now();
            SpaDevice device = SpaDevice.builder(DeviceIdentity.of("000e08aabbcc", "SPA962", "88012BA01234"))
                    .transport(server).scheduler(scheduler).dhcpServer("10.0.0.1")
                    .customDefaults(FlatProfile.builder().set("Resync_Random_Delay", "0").build())
                    .syslog(line -> {
                        if (line.kind() == SyslogLine.Kind.SUCCESS) {
                            success.countDown();
                        }
                    })
                    .build();

            device.powerOn();

            assertThat(success.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(device.parameter("Station_Name")).contains("real");
            assertThat(device.status().nextResyncAt()).hasValueSatisfying(at ->
                    assertThat(at).isAfterOrEqualTo(before.plusSeconds(3600)));
            assertThat(scheduler.firstFailure()).isEmpty();
        }
    }
}
