package io.keyturn.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The CPU that processes outside the benchmark take while it measures, and when: anything that is neither the bench
 * nor what it started (the stack, the anchors). Linux only ({@code /proc}); elsewhere it sees nothing.
 *
 * <p>On the 2-core guest the benchmarks were written on, the kernel's DAMON thread ({@code kdamond.0}, proactive
 * reclaim set up by the host) took one of the two cores for tens of milliseconds about every 0.55 s. A paced
 * measurement at half of peak then ran on one core for those moments, and its p99 was made there, for delivery and
 * nginx alike. This names such a neighbour and says when it ran, so that a latency can be set against it.
 *
 * <p>Two samplings, to stay cheap: every second the CPU time of every foreign process ({@code /proc/PID/stat}, whole
 * process, in clock ticks), which says who ran at all; every {@value #SLOT_MILLIS} ms the run time of those that did
 * ({@code /proc/PID/schedstat}, in nanoseconds, of the process's first thread: exact for kernel threads and
 * single-threaded processes), which says when. On the 2-core guest a full scan of about 70 processes took 4 ms of
 * CPU and a slot 6 µs: about half a percent of a core beside the measurement. A process that exits between two
 * marks is not counted.
 */
public final class ForeignCpu implements AutoCloseable {

    static final int SLOT_MILLIS = 20;
    /** A slot in which foreign processes ran at least this share of its length is part of a burst. */
    static final double BURST_SHARE = 0.1;
    private static final long FULL_SCAN_NANOS = 1_000_000_000L;
    /** A process that has not run for this many full scans leaves the set sampled per slot. */
    private static final int IDLE_SCANS = 5;
    private static final double TICK_SECONDS = 0.01; // USER_HZ: 100 on every architecture the bench runs on

    private final Path proc;
    private final Supplier<Set<Long>> ours;
    private final LongSupplier clock;
    private final boolean available;
    private final Map<Long, Seen> seen = new HashMap<>();
    /**
     * Per slot: its start and end (clock nanos) and the foreign run time in it. A slot runs from one sample to the
     * next, longer than {@value #SLOT_MILLIS} ms when the sampler woke late.
     */
    private final List<long[]> slots = new ArrayList<>();
    private long lastSample;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(128);
    private long lastFullScan;
    private Thread sampler;
    private volatile boolean stopped;

    private static final class Seen {
        /** Read again at each scan: a process seen between its fork and its exec had its parent's name. */
        String name;
        final long firstTicks;
        long ticks;
        long runNanos = -1;
        int idleScans;
        boolean active;
        /** Its schedstat, open while it is sampled per slot: a re-read is one pread, an open five calls. */
        FileChannel schedstat;

        void quiet() {
            active = false;
            runNanos = -1;
            closeQuietly(schedstat);
            schedstat = null;
        }

        Seen(String name, long ticks) {
            this.name = name;
            this.firstTicks = ticks;
            this.ticks = ticks;
        }
    }

    ForeignCpu(Path proc, Supplier<Set<Long>> ours, LongSupplier clock) {
        this.proc = proc;
        this.ours = ours;
        this.clock = clock;
        this.available = Files.isDirectory(proc.resolve("self"));
        this.lastSample = clock.getAsLong();
    }

    /**
     * Starts watching from now, on a daemon thread, the processes that are neither this JVM, nor one of
     * {@code alsoOurs} (asked again at each full scan: a daemon that left our process tree, such as a postmaster),
     * nor a descendant of either.
     */
    public static ForeignCpu watch(Supplier<Set<Long>> alsoOurs) {
        ForeignCpu watch = new ForeignCpu(Path.of("/proc"), () -> processTrees(alsoOurs.get()), System::nanoTime);
        watch.start();
        return watch;
    }

    private static Set<Long> processTrees(Set<Long> roots) {
        Set<Long> pids = new HashSet<>();
        List<ProcessHandle> tops = new ArrayList<>();
        tops.add(ProcessHandle.current());
        roots.forEach(pid -> ProcessHandle.of(pid).ifPresent(tops::add));
        for (ProcessHandle top : tops) {
            pids.add(top.pid());
            top.descendants().forEach(p -> pids.add(p.pid()));
        }
        return pids;
    }

    private void start() {
        if (!available) {
            return;
        }
        fullScan();
        sampler = new Thread(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(SLOT_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    sample();
                } catch (RuntimeException e) {
                    // one bad reading: the next slot tries again, and the measurement goes on regardless
                }
            }
        }, "bench-foreign-cpu");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** One slot: the run time of the active foreign processes since the last, and a full scan once a second. */
    synchronized void sample() {
        long now = clock.getAsLong();
        long slotRun = 0;
        for (Map.Entry<Long, Seen> e : seen.entrySet()) {
            Seen s = e.getValue();
            if (s.active) {
                long run = runNanos(e.getKey(), s);
                if (run >= 0 && s.runNanos >= 0) {
                    slotRun += Math.max(0, run - s.runNanos);
                }
                s.runNanos = run;
            }
        }
        if (now > lastSample) {
            slots.add(new long[] {lastSample, now, slotRun});
        }
        lastSample = now;
        if (now - lastFullScan >= FULL_SCAN_NANOS) {
            fullScan();
        }
    }

    /** Every foreign process's CPU ticks; the ones that ran since the last scan are sampled per slot from now on. */
    synchronized void fullScan() {
        lastFullScan = clock.getAsLong();
        Set<Long> mine = ours.get();
        Set<Long> alive = new HashSet<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (mine.contains(pid)) {
                    continue;
                }
                String stat = read(dir.resolve("stat"));
                if (stat == null) {
                    continue; // gone meanwhile
                }
                long ticks;
                try {
                    ticks = ticks(stat);
                } catch (RuntimeException e) {
                    continue; // a line cut short: the next scan reads it again
                }
                alive.add(pid);
                Seen s = seen.get(pid);
                if (s == null) {
                    // Born while watched, or seen for the first time: only what it runs from now on counts.
                    seen.put(pid, new Seen(name(stat), ticks));
                    continue;
                }
                s.name = name(stat);
                if (ticks > s.ticks) {
                    s.idleScans = 0;
                    if (!s.active) {
                        s.active = true;
                        s.runNanos = runNanos(pid, s);
                    }
                } else if (s.active && ++s.idleScans >= IDLE_SCANS) {
                    s.quiet();
                }
                s.ticks = ticks;
            }
        } catch (IOException e) {
            return; // /proc unreadable: this scan sees nothing
        }
        seen.entrySet().removeIf(e -> {
            if (!alive.contains(e.getKey())) {
                e.getValue().quiet();
                return true;
            }
            return false;
        });
    }

    /** Stops the sampler; what it saw stays readable. */
    @Override
    public void close() {
        stopped = true;
        if (sampler != null) {
            sampler.interrupt();
            try {
                sampler.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            seen.values().forEach(Seen::quiet);
        }
    }

    /** A full scan now, to be given to {@link #between} as a start or an end. */
    public synchronized Mark mark() {
        if (available) {
            sample();
            fullScan();
        }
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, Long> firstTicks = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        seen.forEach((pid, s) -> {
            ticks.put(pid, s.ticks);
            firstTicks.put(pid, s.firstTicks);
            names.put(pid, s.name);
        });
        return new Mark(clock.getAsLong(), ticks, firstTicks, names);
    }

    /**
     * The foreign processes' CPU ticks at one moment, and at the moment each was first seen (for one born since an
     * earlier mark).
     */
    public record Mark(long nanos, Map<Long, Long> ticksByPid, Map<Long, Long> firstTicksByPid,
                       Map<Long, String> nameByPid) {
    }

    /** What foreign processes did between two marks. */
    public synchronized Observed between(Mark from, Mark to) {
        double seconds = (to.nanos - from.nanos) / 1e9;
        Map<String, Double> cpuByName = new LinkedHashMap<>();
        to.ticksByPid.forEach((pid, ticks) -> {
            Long before = from.ticksByPid.get(pid);
            if (before == null) {
                before = to.firstTicksByPid.get(pid);
            }
            if (ticks > before) {
                cpuByName.merge(to.nameByPid.get(pid), (ticks - before) * TICK_SECONDS, Double::sum);
            }
        });
        List<long[]> bursts = new ArrayList<>();
        for (long[] slot : slots) {
            long begin = slot[0];
            long end = slot[1];
            if (end <= from.nanos || begin >= to.nanos || slot[2] < BURST_SHARE * (end - begin)) {
                continue;
            }
            long[] last = bursts.isEmpty() ? null : bursts.get(bursts.size() - 1);
            if (last != null && begin <= last[1]) {
                last[1] = end;
            } else {
                bursts.add(new long[] {begin, end});
            }
        }
        return new Observed(available, seconds, cpuByName, bursts);
    }

    /**
     * What foreign processes did in a span of time.
     *
     * @param watched false where there is no {@code /proc} to read
     * @param cpuSecondsByName CPU seconds per process name (processes of one name summed)
     * @param bursts the spans (clock nanos, start and end) in which they ran at least a tenth of a core
     */
    public record Observed(boolean watched, double seconds, Map<String, Double> cpuSecondsByName,
                           List<long[]> bursts) {

        /** Their CPU as a share of one core. */
        public double coreShare() {
            double cpu = cpuSecondsByName.values().stream().mapToDouble(Double::doubleValue).sum();
            return seconds <= 0 ? 0 : cpu / seconds;
        }

        /** The process names that took the most, with their share of a core, e.g. "kdamond.0 5.1 %". */
        public String top(int n) {
            return cpuSecondsByName.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                    .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f %%", e.getKey(),
                            100 * e.getValue() / seconds))
                    .reduce((a, b) -> a + ", " + b).orElse("none");
        }

        /**
         * Whether {@code nanos} falls in a burst or within {@code drainNanos} after one: a request due then met a
         * machine short of a core, or the backlog that built meanwhile.
         */
        public boolean near(long nanos, long drainNanos) {
            for (long[] b : bursts) {
                if (nanos >= b[0] && nanos < b[1] + drainNanos) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The run time of {@code pid}'s first thread in nanoseconds (first field of its schedstat), or -1. */
    private long runNanos(long pid, Seen s) {
        try {
            if (s.schedstat == null) {
                s.schedstat = FileChannel.open(proc.resolve(Long.toString(pid)).resolve("schedstat"),
                        StandardOpenOption.READ);
            }
            readBuffer.clear();
            if (s.schedstat.read(readBuffer, 0) <= 0) {
                return -1;
            }
            long value = 0;
            int digits = 0;
            for (int i = 0; i < readBuffer.position(); i++) {
                byte b = readBuffer.get(i);
                if (b < '0' || b > '9') {
                    break;
                }
                value = value * 10 + (b - '0');
                digits++;
            }
            return digits == 0 ? -1 : value;
        } catch (IOException | RuntimeException e) {
            closeQuietly(s.schedstat); // gone: the next full scan drops it
            s.schedstat = null;
            return -1;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // a /proc file: nothing was written
            }
        }
    }

    /**
     * utime + stime of a {@code /proc/PID/stat} line. The name may hold spaces and parentheses, so the fields count
     * from the last ')'.
     */
    static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    private static boolean isPid(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
