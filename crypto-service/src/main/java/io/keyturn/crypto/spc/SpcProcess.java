package io.keyturn.crypto.spc;

import io.keyturn.crypto.domain.SpcException;
import io.keyturn.crypto.domain.TargetedCompiler;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the vendor's {@code spc --target <mac> in.txt out.cfg} (spa-protocol.md §4.2). spc reads and writes files
 * only, so the source (which holds the device's key) lives in a private directory (0700) for the run and is deleted
 * after it, whatever the outcome. A run longer than the timeout is killed. A failure is
 * reported with the exit code and the first line spc wrote to stderr, with every value of the source masked, since
 * a compiler may echo the line it choked on.
 */
public final class SpcProcess implements TargetedCompiler {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final int MAX_DETAIL = 200;

    private final Path binary;
    private final Duration timeout;
    private final Path workRoot;

    /** Runs {@code binary}, at most {@code timeout} per file, in private directories made under {@code workRoot}. */
    public SpcProcess(Path binary, Duration timeout, Path workRoot) {
        this.binary = Objects.requireNonNull(binary, "binary");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.workRoot = Objects.requireNonNull(workRoot, "workRoot");
    }

    @Override
    public byte[] compile(String spcSource, String mac) {
        Path dir;
        try {
            dir = Files.createTempDirectory(workRoot, "keyturn-spc-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new SpcException("no private directory for spc: " + e.getMessage(), e);
        }
        Path in = dir.resolve("spa" + mac + ".txt");
        Path out = dir.resolve("spa" + mac + ".cfg");
        Path err = dir.resolve("stderr");
        try {
            Files.writeString(in, spcSource, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            return run(in, out, err, mac, spcSource);
        } catch (IOException e) {
            throw new SpcException("spc could not be run: " + e.getMessage(), e);
        } finally {
            deleteTree(dir);
        }
    }

    private byte[] run(Path in, Path out, Path err, String mac, String source) throws IOException {
        List<String> command = List.of(binary.toString(), "--target", mac, in.toString(), out.toString());
        Process p = new ProcessBuilder(command).directory(in.getParent().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SpcException("interrupted while spc --target ran", e);
        }
        if (!finished) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SpcException("spc --target did not finish within " + timeout.toMillis() + " ms and was killed");
        }
        if (p.exitValue() != 0) {
            throw new SpcException("spc --target exited with " + p.exitValue() + stderrDetail(err, source));
        }
        if (!Files.isRegularFile(out) || Files.size(out) == 0) {
            throw new SpcException("spc --target exited with 0 but wrote no file" + stderrDetail(err, source));
        }
        return Files.readAllBytes(out);
    }

    /** The first non-blank stderr line, each quoted value of the source masked, at most 200 characters. */
    static String stderrDetail(Path err, String source) {
        String line;
        try (Stream<String> lines = Files.lines(err, StandardCharsets.UTF_8)) {
            line = lines.map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
        if (line == null) {
            return "";
        }
        List<String> values = new ArrayList<>();
        Matcher m = QUOTED.matcher(source);
        while (m.find()) {
            if (!m.group(1).isBlank()) {
                values.add(m.group(1));
            }
        }
        values.sort(Comparator.comparingInt(String::length).reversed());
        for (String v : values) {
            line = line.replace(v, "***");
        }
        if (line.length() > MAX_DETAIL) {
            line = line.substring(0, MAX_DETAIL) + "…";
        }
        return ": " + line;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover empty temp directory holds nothing
        }
    }
}
