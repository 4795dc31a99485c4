package io.keyturn.registry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.events.SealedSecret;
import io.keyturn.events.device.BootstrapMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceRegistrarTest {

    /** Records what it was asked to seal; the "ciphertext" is a counter, so no test can read a secret back. */
    private final List<String> sealedContexts = new ArrayList<>();
    private final List<String> sealedSecrets = new ArrayList<>();
    private final SecretSealing sealing = (secret, context) -> {
        sealedContexts.add(context);
        sealedSecrets.add(new String(secret, StandardCharsets.US_ASCII));
        return new SealedSecret("test-seal", "test-key",
                Base64.getEncoder().encodeToString(("#" + sealedContexts.size()).getBytes(StandardCharsets.US_ASCII)));
    };
    private final DeviceRegistrar registrar =
            new DeviceRegistrar(sealing, Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));

    private static DeviceInput input(String stagingKey, String mode, Map<String, String> params) {
        return new DeviceInput("00:0E:08:AA:BB:CC", "spa962", "88012BA01234", "region/north", "isp-1", mode,
                stagingKey, params);
    }

    @Test
    void registersANormalisedDeviceAtVersionOne() {
        Device d = registrar.register(input(null, null, Map.of("Display_Name_1_", "Front desk")));

        assertThat(d.mac()).isEqualTo("000e08aabbcc");
        assertThat(d.model().name()).isEqualTo("SPA962");
        assertThat(d.model().psn()).isEqualTo("962");
        assertThat(d.version()).isEqualTo(1);
        assertThat(d.state()).isEqualTo(DeviceState.REGISTERED);
        assertThat(d.params()).containsExactly(Map.entry("Display_Name_1_", "Front desk"));
        assertThat(d.bootstrapMode()).isEqualTo(BootstrapMode.MTLS);
    }

    @Test
    void sealsTheStagingKeyBoundToTheDeviceAndDefaultsToStagingKeyMode() {
        Device d = registrar.register(input("Stage-Key-0123456789", null, Map.of()));

        assertThat(d.bootstrapMode()).isEqualTo(BootstrapMode.STAGING_KEY);
        assertThat(d.sealedStagingKey()).isNotNull();
        assertThat(sealedContexts).containsExactly("keyturn/staging-key/v1/000e08aabbcc");
        assertThat(sealedSecrets).containsExactly("Stage-Key-0123456789");
        assertThat(d.toString()).doesNotContain("Stage-Key-0123456789");
    }

    @Test
    void sealsSecretParametersAndKeepsTheOthersPlain() {
        Device d = registrar.register(input(null, null,
                Map.of("Password_1_", "sip-pass-1", "User_ID_1_", "4711", "Admin_Passwd", "adm1n")));

        assertThat(d.params()).containsOnlyKeys("User_ID_1_");
        assertThat(d.sealedParams()).containsOnlyKeys("Password_1_", "Admin_Passwd");
        assertThat(sealedContexts).containsExactlyInAnyOrder("keyturn/param/v1/000e08aabbcc/Password_1_",
                "keyturn/param/v1/000e08aabbcc/Admin_Passwd");
        assertThat(d.toString()).doesNotContain("sip-pass-1").doesNotContain("adm1n");
    }

    @Test
    void refusesMtlsWithAStagingKeyAndSealsNothing() {
        assertThatThrownBy(() -> registrar.register(input("Stage-Key-0123456789", "mtls", Map.of())))
                .isInstanceOf(RegistryException.class).hasMessageContaining("mtls");
        assertThat(sealedContexts).isEmpty();
    }

    @Test
    void refusesABadParameterBeforeSealingAny() {
        assertThatThrownBy(() -> registrar.register(input("Stage-Key-0123456789", null,
                Map.of("Password_1_", "ok", "GPP_A", "x"))))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.RESERVED_PARAMETER));
        assertThat(sealedContexts).isEmpty();
    }

    @Test
    void patchRaisesTheVersionAndNamesWhatChanged() {
        Device d = registrar.register(input(null, null, Map.of("Display_Name_1_", "Front desk", "Proxy_1_", "a")));
        DevicePatch patch = new DevicePatch(Map.of("group", Optional.of("region/south"), "serial", Optional.empty()),
                Map.of("Display_Name_1_", Optional.empty(), "Password_1_", Optional.of("new-pass")));

        DeviceRegistrar.Change change = registrar.update(d, patch);

        assertThat(change.device().version()).isEqualTo(2);
        assertThat(change.device().groupPath()).isEqualTo("region/south");
        assertThat(change.device().serial()).isNull();
        assertThat(change.device().params()).containsOnlyKeys("Proxy_1_");
        assertThat(change.device().sealedParams()).containsOnlyKeys("Password_1_");
        assertThat(change.changedFields()).containsExactlyInAnyOrder("group", "serial", "params", "sealedParams");
    }

    @Test
    void patchThatChangesNothingKeepsTheVersion() {
        Device d = registrar.register(input(null, null, Map.of("Proxy_1_", "a")));

        DeviceRegistrar.Change change = registrar.update(d,
                new DevicePatch(Map.of("tenant", Optional.of("isp-1")), Map.of("Proxy_1_", Optional.of("a"))));

        assertThat(change.changedFields()).isEmpty();
        assertThat(change.device().version()).isEqualTo(1);
    }

    @Test
    void suspendsAndResumesButNeverRevivesADecommissionedDevice() {
        Device d = registrar.register(input(null, null, Map.of()));
        Device suspended = registrar.update(d, new DevicePatch(Map.of("state", Optional.of("suspended")), Map.of()))
                .device();
        Device resumed = registrar.update(suspended,
                new DevicePatch(Map.of("state", Optional.of("active")), Map.of())).device();
        Device gone = new Device(d.mac(), d.model(), null, null, null, d.bootstrapMode(), null, Map.of(), Map.of(),
                DeviceState.DECOMMISSIONED, 5, d.createdAt(), d.updatedAt(), null);

        assertThat(suspended.state()).isEqualTo(DeviceState.SUSPENDED);
        // Never confirmed a key: resuming gives back registered, not active.
        assertThat(resumed.state()).isEqualTo(DeviceState.REGISTERED);
        assertThatThrownBy(() -> registrar.update(gone,
                new DevicePatch(Map.of("state", Optional.of("active")), Map.of())))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.DEVICE_DECOMMISSIONED));
    }

    @Test
    void refusesAPatchOfTheMac() {
        assertThatThrownBy(() -> new DevicePatch(Map.of("mac", Optional.of("000e08aabbcd")), Map.of()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("'mac' cannot be patched");
    }
}
