package io.keyturn.simulator;

import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.simulator.time.VirtualScheduler;
import io.keyturn.simulator.transport.InMemoryProfileTransport;
import java.time.Duration;
import java.time.Instant;

/** A virtual access network for one test: a clock, a provisioning server in memory, a syslog. */
final class Lab {

    static final String DHCP_SERVER = "10.0.0.1";
    static final String MAC = "000e08aabbcc";
    static final String SERIAL = "88012BA01234";
    static final String HOST = "prov.example.net";

    private static final ProfileCipher CIPHER = new ProfileCipher();

    final VirtualScheduler scheduler = new VirtualScheduler();
    final InMemoryProfileTransport server = new InMemoryProfileTransport();
    final SyslogBuffer syslog = new SyslogBuffer();

    /** A factory-fresh SPA962 on this network. */
    SpaDevice spa962() {
        return device(DeviceIdentity.of(MAC, "SPA962", SERIAL), FlatProfile.empty());
    }

    SpaDevice device(DeviceIdentity identity, FlatProfile customDefaults) {
        return SpaDevice.builder(identity)
                .transport(server)
                .scheduler(scheduler)
                .syslog(syslog)
                .dhcpServer(DHCP_SERVER)
                .customDefaults(customDefaults)
                .build();
    }

    Instant now() {
        return scheduler.now();
    }

    void runFor(Duration duration) {
        scheduler.runFor(duration);
    }

    /** A profile from name, value pairs. */
    static FlatProfile profile(String... pairs) {
        FlatProfile.Builder b = FlatProfile.builder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.set(pairs[i], pairs[i + 1]);
        }
        return b.build();
    }

    /** The plain XML a server would publish. */
    static byte[] xml(String... pairs) {
        return FlatProfileXml.writeBytes(profile(pairs));
    }

    /** The profile encrypted as keyturn publishes it. */
    static byte[] sealed(String key, String... pairs) {
        return CIPHER.seal(xml(pairs), key, false);
    }

    static String url(String path) {
        return "http://" + HOST + path;
    }
}
