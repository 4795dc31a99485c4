package io.keyturn.localstack;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a port the stack needs that something else already holds, and names the holder where Linux lets us see
 * it (/proc/net and /proc/PID/fd; every process for root, our own otherwise).
 */
final class PortCheck {

    private PortCheck() {
    }

    /** The first port in {@code uses} that cannot be bound, as one line naming it and its holder. */
    static Optional<String> firstBusy(List<Ports.Use> uses) {
        for (Ports.Use use : uses) {
            if (!isFree(use)) {
                return Optional.of("port " + use + " is in use"
                        + holder(use).map(h -> " by " + h).orElse(" by another program"));
            }
        }
        return Optional.empty();
    }

    static boolean isFree(Ports.Use use) {
        // The wildcard address: fails whether the holder bound 0.0.0.0 or only 127.0.0.1.
        try {
            if (use.protocol() == Ports.Protocol.UDP) {
                try (DatagramSocket socket = new DatagramSocket(null)) {
                    socket.setReuseAddress(false);
                    socket.bind(new InetSocketAddress(use.port()));
                }
            } else {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.setReuseAddress(true); // a socket in TIME_WAIT does not stop a server from binding
                    socket.bind(new InetSocketAddress(use.port()));
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** "pid 1234 (java -jar quarkus-run.jar)", when /proc shows who holds the port. */
    static Optional<String> holder(Ports.Use use) {
        String proto = use.protocol() == Ports.Protocol.UDP ? "udp" : "tcp";
        for (String table : List.of("/proc/net/" + proto, "/proc/net/" + proto + "6")) {
            Optional<String> inode = socketInode(Path.of(table), use);
            if (inode.isPresent()) {
                Optional<String> owner = processWithSocket(inode.get());
                if (owner.isPresent()) {
                    return owner;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> socketInode(Path table, Ports.Use use) {
        String hexPort = String.format(Locale.ROOT, "%04X", use.port());
        try {
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st ... inode (field 9); st 0A = LISTEN for TCP, 07 = bound UDP
                if (f.length > 9 && f[1].endsWith(":" + hexPort)
                        && (use.protocol() == Ports.Protocol.UDP || "0A".equals(f[3]))) {
                    return Optional.of(f[9]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc (not Linux): the caller says "another program".
        }
        return Optional.empty();
    }

    private static Optional<String> processWithSocket(String inode) {
        String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (target.equals(Files.readSymbolicLink(fd).toString())) {
                            return Optional.of(describe(Long.parseLong(proc.getFileName().toString())));
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // Another user's process, or it just exited.
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static String describe(long pid) {
        String command = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
        if (command.length() > 80) {
            command = command.substring(0, 77) + "...";
        }
        return "pid " + pid + (command.isEmpty() ? "" : " (" + command + ")");
    }
}
