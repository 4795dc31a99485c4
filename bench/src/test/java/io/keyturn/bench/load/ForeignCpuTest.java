package io.keyturn.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who else ran, and when: against a /proc written by the test, and once against the real one. */
class ForeignCpuTest {

    private static final long MS = 1_000_000L;

    @TempDir
    Path proc;

    private final AtomicLong clock = new AtomicLong(1_000 * MS);

    @BeforeEach
    void self() throws IOException {
        Files.createDirectories(proc.resolve("self"));
    }

    @Test
    void readsTicksAndNamesThatHoldSpacesAndParentheses() {
        String stat = "77 (kdamond (0) x) I 2 0 0 0 -1 2129984 0 0 0 0 1500 700 0 0 20 0 1 0 121";
        assertThat(ForeignCpu.name(stat)).isEqualTo("kdamond (0) x");
        assertThat(ForeignCpu.ticks(stat)).isEqualTo(2_200);
    }

    @Test
    void aNeighbourThatTakesACoreInOneSlotIsABurstAndOnlyThere() throws IOException {
        process(77, "kdamond.0", 100, 5_000 * MS);
        process(90, "quiet", 10, 900 * MS);
        process(500, "our-server", 100, 0);
        ForeignCpu watch = new ForeignCpu(proc, () -> Set.of(500L), clock::get);
        watch.fullScan();
        // Both ran since the first scan: both are sampled per slot from the second on.
        process(77, "kdamond.0", 110, 5_050 * MS);
        process(90, "quiet", 11, 901 * MS);
        process(500, "our-server", 900, 0);
        tick(1_000);
        watch.fullScan();
        ForeignCpu.Mark from = watch.mark();

        tick(20);
        watch.sample(); // nothing ran
        process(77, "kdamond.0", 113, 5_068 * MS);
        process(90, "quiet", 11, 901_500_000L); // half a millisecond: below a tenth of a core
        tick(20);
        watch.sample();
        long burstEnd = clock.get();
        process(77, "kdamond.0", 114, 5_080 * MS);
        tick(20);
        watch.sample(); // adjacent: the same burst
        tick(20);
        watch.sample();
        tick(20);
        watch.sample();
        process(77, "kdamond.0", 115, 5_080 * MS); // ticks since the marks, no run time in a new slot
        process(90, "quiet", 12, 901_500_000L);
        ForeignCpu.Mark to = watch.mark();

        ForeignCpu.Observed seen = watch.between(from, to);
        assertThat(seen.watched()).isTrue();
        assertThat(seen.bursts()).hasSize(1);
        long[] burst = seen.bursts().get(0);
        assertThat(burst[0]).isEqualTo(burstEnd - 20 * MS);
        assertThat(burst[1]).isEqualTo(burstEnd + 20 * MS);
        assertThat(seen.cpuSecondsByName()).containsOnlyKeys("kdamond.0", "quiet");
        assertThat(seen.cpuSecondsByName().get("kdamond.0")).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(seen.seconds()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(seen.coreShare()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(seen.top(1)).isEqualTo("kdamond.0 50.0 %");
        assertThat(seen.top(2)).isEqualTo("kdamond.0 50.0 %, quiet 10.0 %");

        assertThat(seen.near(burst[0] - 1, 100 * MS)).isFalse();
        assertThat(seen.near(burst[0], 100 * MS)).isTrue();
        assertThat(seen.near(burst[1] + 99 * MS, 100 * MS)).isTrue();
        assertThat(seen.near(burst[1] + 100 * MS, 100 * MS)).isFalse();
    }

    @Test
    void burstsOutsideTheMarksAreNotCounted() throws IOException {
        process(77, "kdamond.0", 100, 5_000 * MS);
        ForeignCpu watch = new ForeignCpu(proc, Set::of, clock::get);
        watch.fullScan();
        process(77, "kdamond.0", 101, 5_010 * MS);
        tick(1_000);
        watch.fullScan();
        ForeignCpu.Mark early = watch.mark();
        process(77, "kdamond.0", 104, 5_040 * MS);
        tick(20);
        watch.sample(); // a burst before the window
        tick(20);
        ForeignCpu.Mark from = watch.mark();
        tick(20);
        watch.sample();
        ForeignCpu.Mark to = watch.mark();

        assertThat(watch.between(from, to).bursts()).isEmpty();
        assertThat(watch.between(early, to).bursts()).hasSize(1);
    }

    @Test
    void aProcessBornOrGoneWhileWatchedCountsOnlyWhatItRanInSight() throws IOException {
        process(77, "kdamond.0", 100, 0);
        ForeignCpu watch = new ForeignCpu(proc, Set::of, clock::get);
        ForeignCpu.Mark from = watch.mark();
        process(600, "newcomer", 5_000, 0); // CPU from before it was seen does not count
        tick(500);
        ForeignCpu.Mark middle = watch.mark();
        process(600, "newcomer", 5_020, 0);
        deleteProcess(77);
        // A name changes when a forked child execs: the last one read counts.
        process(601, "bash", 0, 0);
        tick(500);
        ForeignCpu.Mark to = watch.mark();

        ForeignCpu.Observed seen = watch.between(from, to);
        assertThat(seen.cpuSecondsByName()).containsOnlyKeys("newcomer");
        process(601, "python3", 30, 0);
        tick(500);
        assertThat(watch.between(to, watch.mark()).cpuSecondsByName()).containsOnlyKeys("python3");
        assertThat(seen.cpuSecondsByName().get("newcomer")).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(watch.between(from, middle).cpuSecondsByName()).isEmpty();
    }

    @Test
    void aStatLineCutShortIsSkippedNotFatal() throws IOException {
        process(77, "kdamond.0", 100, 0);
        Path cut = Files.createDirectories(proc.resolve("88"));
        Files.writeString(cut.resolve("stat"), "88 (half) S 2 0");
        ForeignCpu watch = new ForeignCpu(proc, Set::of, clock::get);
        ForeignCpu.Mark from = watch.mark();
        process(77, "kdamond.0", 103, 0);
        tick(100);

        assertThat(watch.between(from, watch.mark()).cpuSecondsByName()).containsOnlyKeys("kdamond.0");
    }

    @Test
    void withoutProcItSeesNothingAndSaysSo() {
        ForeignCpu watch = new ForeignCpu(proc.resolve("absent"), Set::of, clock::get);
        ForeignCpu.Observed seen = watch.between(watch.mark(), watch.mark());
        assertThat(seen.watched()).isFalse();
        assertThat(seen.bursts()).isEmpty();
        assertThat(seen.top(2)).isEqualTo("none");
    }

    @Test
    void seesABusyProcessThatIsNotOneOfOursAndNotOneNamedOurs() throws Exception {
        assumeThat(Path.of("/proc/self/schedstat")).exists();
        // Started through a shell that exits at once: the busy loop is orphaned, so not this JVM's descendant, as a
        // daemon (a postmaster) is not. The shell prints the pid of the loop's parent, timeout.
        Process launcher = new ProcessBuilder("sh", "-c",
                "timeout 5 sh -c 'while :; do :; done' >/dev/null 2>&1 & echo $!").start();
        long timeoutPid = Long.parseLong(new String(launcher.getInputStream().readAllBytes()).strip());
        assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
        try (ForeignCpu watch = ForeignCpu.watch(Set::of);
             ForeignCpu named = ForeignCpu.watch(() -> Set.of(timeoutPid))) {
            Thread.sleep(1_300); // a full scan finds it busy
            ForeignCpu.Mark from = watch.mark();
            ForeignCpu.Mark namedFrom = named.mark();
            Thread.sleep(1_000);
            ForeignCpu.Observed seen = watch.between(from, watch.mark());
            ForeignCpu.Observed namedSeen = named.between(namedFrom, named.mark());

            assertThat(seen.cpuSecondsByName()).containsKey("sh");
            assertThat(seen.cpuSecondsByName().get("sh")).isGreaterThan(0.2);
            assertThat(seen.bursts()).isNotEmpty();
            assertThat(seen.coreShare()).isGreaterThan(0.2);
            assertThat(namedSeen.cpuSecondsByName().getOrDefault("sh", 0.0)).isLessThan(0.05);
        } finally {
            ProcessHandle.of(timeoutPid).ifPresent(ProcessHandle::destroy);
        }
    }

    private void tick(long millis) {
        clock.addAndGet(millis * MS);
    }

    private void process(long pid, String name, long ticks, long runNanos) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"),
                pid + " (" + name + ") S 2 0 0 0 -1 0 0 0 0 0 " + ticks + " 0 0 0 20 0 1 0 1\n");
        Files.writeString(dir.resolve("schedstat"), runNanos + " 0 1\n");
    }

    private void deleteProcess(long pid) throws IOException {
        Path dir = proc.resolve(Long.toString(pid));
        for (Path f : List.of(dir.resolve("stat"), dir.resolve("schedstat"))) {
            Files.deleteIfExists(f);
        }
        Files.delete(dir);
    }
}
