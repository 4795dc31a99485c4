package io.keyturn.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void countsTheChildrenOfAProcessBesideItsOwnTime() throws Exception {
        // A shell that starts a busy loop as its child and waits for it: the shell itself uses next to nothing.
        Process shell = new ProcessBuilder("sh", "-c", "sh -c 'while :; do :; done' & wait").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            double seconds = 0;
            while (System.nanoTime() < deadline && seconds < 0.3) {
                TimeUnit.MILLISECONDS.sleep(100);
                seconds = ProcessCpu.seconds(shell.toHandle());
            }
            double shellAlone = shell.toHandle().info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
            assertThat(seconds).isGreaterThanOrEqualTo(0.3);
            assertThat(shellAlone).isLessThan(seconds / 2);
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
