package io.keyturn.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run measured: the figures mean little without it.
 *
 * @param virtualization the hypervisor and the kernel's Meltdown mitigation, e.g. {@code PVM guest, Mitigation: PTI}:
 *     on a PVM guest with page-table isolation every system call, context switch and fork cost several times what
 *     they cost on the earlier KVM hosts, and the anchors' figures moved with it (in.tftpd from 1,219 to 107-154
 *     transfers/s, nginx keep-alive from 60-78k to 30-41k req/s), so two runs compare only on alike machines
 */
public record Machine(int cores, long memoryBytes, String jdk, String os, String cpu, String virtualization) {

    public Machine(int cores, long memoryBytes, String jdk, String os, String cpu) {
        this(cores, memoryBytes, jdk, os, cpu, "");
    }

    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), memTotal(),
                System.getProperty("java.vm.name") + " " + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch")
                        + ")" + prettyName(), cpuModel(), virtualization(hypervisor(), meltdown()));
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB memory, %s, %s%s", cores, cpu,
                memoryBytes / (1024.0 * 1024 * 1024), jdk, os, virtualization.isEmpty() ? "" : ", " + virtualization);
    }

    /** {@code PVM guest, Mitigation: PTI}, from what the kernel said; the parts it did not say are left out. */
    static String virtualization(String hypervisor, String meltdown) {
        StringBuilder s = new StringBuilder();
        if (!hypervisor.isEmpty()) {
            s.append(hypervisor).append(" guest");
        }
        if (!meltdown.isEmpty()) {
            s.append(s.length() == 0 ? "" : ", ").append(meltdown);
        }
        return s.toString();
    }

    /**
     * The kernel's "Hypervisor detected: X" boot line (dmesg), or "a hypervisor's" when only the CPU flag says so;
     * empty on bare metal or where neither can be read.
     */
    private static String hypervisor() {
        try {
            Process dmesg = new ProcessBuilder("dmesg").redirectErrorStream(true).start();
            String found = "";
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(dmesg.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    int at = line.indexOf("Hypervisor detected: ");
                    if (at >= 0 && found.isEmpty()) {
                        found = line.substring(at + "Hypervisor detected: ".length()).trim();
                    }
                }
            }
            dmesg.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            if (!found.isEmpty()) {
                return found;
            }
        } catch (IOException e) {
            // no dmesg, or not allowed to read it: the CPU flag below still tells a guest
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags") && (" " + line + " ").contains(" hypervisor ")) {
                    return "a hypervisor's";
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "";
    }

    /** {@code Mitigation: PTI}, {@code Not affected}, ...: what the kernel does about Meltdown; empty if unknown. */
    private static String meltdown() {
        try {
            return Files.readString(Path.of("/sys/devices/system/cpu/vulnerabilities/meltdown")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: fall through
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown CPU";
    }

    private static String prettyName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return ", " + line.substring(12).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // no os-release
        }
        return "";
    }
}
