package io.keyturn.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.protocol.rule.UrlScheme;
import io.keyturn.simulator.transport.InMemoryProfileTransport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileTransportTest {

    @Test
    void routesEachSchemeToItsTransportAndFailsASchemeWithoutOne() {
        Lab lab = new Lab();
        InMemoryProfileTransport tftp = new InMemoryProfileTransport();
        tftp.publish("tftp://10.0.0.1/spa962.cfg", Lab.xml("Profile_Rule", "https://prov.example.net/x.cfg"));
        SpaDevice device = SpaDevice.builder(DeviceIdentity.of(Lab.MAC, "SPA962", Lab.SERIAL))
                .transport(ProfileTransport.byScheme(Map.of(UrlScheme.TFTP, tftp)))
                .scheduler(lab.scheduler).dhcpServer(Lab.DHCP_SERVER).build();
        device.powerOn();

        assertThat(device.resyncNow().succeeded()).isTrue();
        assertThat(device.resyncNow().failure()).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(ResyncFailure.Kind.SERVER_ERROR);
            assertThat(f.detail()).isEqualTo("no https client");
        });
        assertThat(device.status().counts().fetches(UrlScheme.HTTPS)).isEqualTo(1);
    }
}
