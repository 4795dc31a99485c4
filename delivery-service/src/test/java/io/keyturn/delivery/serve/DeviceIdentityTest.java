package io.keyturn.delivery.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.testsupport.DeviceCa;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeviceIdentityTest {

    @Test
    void readsMacModelAndSerialFromASipuraShapedCertificate() {
        DeviceCa ca = DeviceCa.generate("test");
        DeviceIdentity.Reading r = DeviceIdentity.of(
                ca.issueDevice("000e08abcdef", "SPA-962", "88012BA01234", Duration.ofDays(1)).certificate());
        assertThat(r.identity()).isEqualTo(new DeviceIdentity("000e08abcdef", "SPA-962", "88012BA01234"));
        assertThat(r.problem()).isNull();
    }

    @Test
    void acceptsAnUppercaseOrSeparatedMacAndNormalisesIt() {
        assertThat(DeviceIdentity.fromSubject("CN=x,L=88012BA01234,OU=SPA-962,ST=00:0E:08:AB:CD:EF").identity().mac())
                .isEqualTo("000e08abcdef");
    }

    @Test
    void aGenericCertificateIdentifiesNoUnit() {
        DeviceCa ca = DeviceCa.generate("test");
        assertThat(DeviceIdentity.of(ca.issueGeneric(Duration.ofDays(1)).certificate()).problem())
                .isEqualTo(DeviceIdentity.Problem.GENERIC);
    }

    @Test
    void refusesSubjectsLackingOrRepeatingAnIdentityField() {
        assertThat(DeviceIdentity.fromSubject("CN=000e08abcdef,OU=SPA-962,L=88012BA01234").problem())
                .as("the CN is not the MAC").isEqualTo(DeviceIdentity.Problem.MALFORMED);
        assertThat(DeviceIdentity.fromSubject("ST=000e08abcdef,OU=SPA-962").problem())
                .isEqualTo(DeviceIdentity.Problem.MALFORMED);
        assertThat(DeviceIdentity.fromSubject("ST=000e08abcdef,ST=000e08000000,OU=SPA-962,L=1").problem())
                .isEqualTo(DeviceIdentity.Problem.MALFORMED);
        assertThat(DeviceIdentity.fromSubject("ST=000e08abcdeg,OU=SPA-962,L=1").problem())
                .isEqualTo(DeviceIdentity.Problem.MALFORMED);
        assertThat(DeviceIdentity.fromSubject("ST=000e08abcdef,OU=SPA-962\u0001,L=1").problem())
                .isEqualTo(DeviceIdentity.Problem.MALFORMED);
        assertThat(DeviceIdentity.fromSubject("not a name").problem()).isEqualTo(DeviceIdentity.Problem.MALFORMED);
    }
}
