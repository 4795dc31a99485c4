package io.keyturn.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM whose output is appended to a log file. It runs in a session of its own ({@code setsid}), so the
 * Ctrl-C that the terminal sends to the supervisor's process group does not reach it: the supervisor stops the
 * children itself, in order.
 */
final class JavaProcess implements Supervised.Instance {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Process process;

    private JavaProcess(Process process) {
        this.process = process;
    }

    static JavaProcess start(List<String> javaArgs, Map<String, String> env, Path workDir, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(javaExecutable());
        command.addAll(javaArgs);
        Files.createDirectories(log.getParent());
        Files.writeString(log, "=== started " + LocalDateTime.now() + " ===\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        return new JavaProcess(pb.start());
    }

    /** Runs a JVM to completion (e.g. Kafka's storage formatter), its output appended to {@code log}. */
    static void runToEnd(List<String> javaArgs, Path workDir, Path log, String what) throws StackException {
        try {
            JavaProcess p = start(javaArgs, Map.of(), workDir, log);
            if (!p.process.waitFor(2, TimeUnit.MINUTES)) {
                p.stop(Duration.ZERO);
                throw new StackException(what + " did not finish within 2 minutes (log: " + log + ")");
            }
            if (p.process.exitValue() != 0) {
                throw new StackException(what + " failed with exit code " + p.process.exitValue() + " (log: " + log + ")");
            }
        } catch (IOException e) {
            throw new StackException(what + " could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException(what + " was interrupted", e);
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public OptionalInt awaitExit() throws InterruptedException {
        return OptionalInt.of(process.waitFor());
    }

    @Override
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
