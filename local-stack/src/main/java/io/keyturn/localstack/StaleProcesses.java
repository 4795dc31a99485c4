package io.keyturn.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Processes an earlier stack on the same data directory left running because its supervisor was killed outright
 * (SIGKILL, OOM): its children run in sessions of their own and outlive it. Only processes that carry this data
 * directory's marker ({@code -Dkeyturn.stack=<dir>}) or are its PostgreSQL postmaster are touched.
 */
final class StaleProcesses {

    private StaleProcesses() {
    }

    /** Stops them (services and Kafka first, PostgreSQL last) and returns how many there were. */
    static int reap(DataDir data) {
        List<ProcessHandle> java = new ArrayList<>();
        Optional<Path> pgRoot = Optional.empty();
        if (Files.exists(data.state())) {
            try {
                StackState.Snapshot snapshot = StackState.read(data.state());
                for (String name : snapshot.componentNames()) {
                    long pid = snapshot.component(name).pid();
                    ProcessHandle.of(pid).filter(h -> isOurs(h, data)).ifPresent(java::add);
                }
                pgRoot = snapshot.fact("postgres.root").map(Path::of);
            } catch (IOException | RuntimeException e) {
                // An unreadable state file from a crashed run: nothing to go on but the postmaster.pid below.
            }
        }
        int count = 0;
        for (ProcessHandle h : java) {
            count += stop(h);
        }
        Path postmasterPid = pgRoot.orElse(data.postgres()).resolve("data").resolve("postmaster.pid");
        if (Files.exists(postmasterPid)) {
            try {
                String first = Files.readAllLines(postmasterPid, StandardCharsets.US_ASCII).get(0).trim();
                Optional<ProcessHandle> pm = ProcessHandle.of(Long.parseLong(first))
                        .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(false));
                if (pm.isPresent()) {
                    count += stop(pm.get());
                }
            } catch (IOException | RuntimeException e) {
                // No readable pid: PostgreSQL is not ours to stop.
            }
        }
        return count;
    }

    static boolean isOurs(ProcessHandle h, DataDir data) {
        return h.info().commandLine().map(cmd -> cmd.contains("-Dkeyturn.stack=" + data.root() + " ")
                || cmd.endsWith("-Dkeyturn.stack=" + data.root())).orElse(false);
    }

    private static int stop(ProcessHandle h) {
        h.destroy();
        try {
            h.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
        }
        return 1;
    }
}
