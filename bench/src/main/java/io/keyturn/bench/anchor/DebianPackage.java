package io.keyturn.bench.anchor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An anchor's program, installed from Debian's packages when missing ({@code apt-get install}; needs root). When it
 * cannot be had, {@link #ensure} says why, and the case reports the row without its anchor instead of failing.
 */
public final class DebianPackage {

    private DebianPackage() {
    }

    /**
     * The program's path, installing {@code packages} first when none of {@code candidates} exists.
     *
     * @return the program, or empty with {@code why} holding the reason
     */
    public static Optional<Path> ensure(List<Path> candidates, List<String> packages, StringBuilder why) {
        Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            why.append("not installed, and no apt-get to install ").append(String.join(" ", packages));
            return Optional.empty();
        }
        try {
            // Waits for another apt run (a parallel install) rather than failing on its lock.
            List<String> command = new java.util.ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300",
                    "install", "-y", "--no-install-recommends"));
            command.addAll(packages);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Path log = Files.createTempFile("keyturn-bench-apt", ".log");
            Process p = pb.redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                why.append("apt-get install ").append(String.join(" ", packages)).append(" took over 10 minutes");
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(log);
                why.append("apt-get install ").append(String.join(" ", packages)).append(" failed: ")
                        .append(lines.isEmpty() ? "exit " + p.exitValue() : lines.get(lines.size() - 1));
                return Optional.empty();
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            why.append("could not run apt-get: ").append(e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why.append("interrupted while installing");
            return Optional.empty();
        }
        found = candidates.stream().filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            why.append("installed ").append(String.join(" ", packages)).append(" but found none of ").append(candidates);
        }
        return found;
    }

    /** The first line a command prints (its version, say), or {@code unknown}. */
    public static String firstLine(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            String line = text.strip().split("\n")[0].strip();
            return line.isEmpty() ? "unknown" : line;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
