package io.keyturn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineTest {

    @Test
    void theLineNamesTheHypervisorAndThePageTableIsolation() {
        Machine m = new Machine(2, 24L << 30, "OpenJDK 17", "Linux 6.18.44-fc-v782 (amd64)", "a CPU",
                Machine.virtualization("PVM", "Mitigation: PTI"));
        assertThat(m.describe()).isEqualTo(
                "2 cores (a CPU), 24.0 GiB memory, OpenJDK 17, Linux 6.18.44-fc-v782 (amd64), PVM guest, Mitigation: PTI");
    }

    @Test
    void leavesOutWhatTheKernelDidNotSay() {
        assertThat(Machine.virtualization("", "Not affected")).isEqualTo("Not affected");
        assertThat(Machine.virtualization("KVM", "")).isEqualTo("KVM guest");
        assertThat(new Machine(2, 1L << 30, "J", "L", "C").describe()).isEqualTo("2 cores (C), 1.0 GiB memory, J, L");
    }

    @Test
    void theCurrentMachineSaysWhatItCan() {
        // On Linux the mitigation file exists on every kernel since 4.15; elsewhere the line is simply shorter.
        Machine here = Machine.current();
        assertThat(here.describe()).startsWith(here.cores() + " cores (");
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/sys/devices/system/cpu/vulnerabilities/meltdown"))) {
            assertThat(here.virtualization()).isNotEmpty();
        }
    }
}
