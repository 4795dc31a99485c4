package io.keyturn.localstack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The files of one local stack, all under one directory:
 * <pre>
 * stack.lock            held by the running supervisor (second `up` fails on it)
 * supervisor.pid        the supervisor's pid, for `down`
 * stack.properties      each component's pid, ports and state, for `status`
 * hold/&lt;component&gt;     while this file exists, the supervisor does not restart that component
 * logs/                 one log per process: supervisor, postgres, kafka, one per service
 * postgres/             the cluster (data/), owned by user postgres when the stack runs as root
 * postgres-logins.properties   each service database's URL, login and password (mode 0600)
 * kafka/                server.properties and the broker's log.dirs (data/)
 * dev-issuer/           the throw-away token issuer's key pair
 * secrets/              KEK keyring, staging-key sealing key pair, delivery's service token (mode 0700)
 * </pre>
 */
record DataDir(Path root) {

    static final String LOCK = "stack.lock";

    DataDir {
        root = root.toAbsolutePath().normalize();
    }

    Path lock() {
        return root.resolve(LOCK);
    }

    Path pidFile() {
        return root.resolve("supervisor.pid");
    }

    Path state() {
        return root.resolve("stack.properties");
    }

    Path holds() {
        return root.resolve("hold");
    }

    /** A duration the service's clock is shifted by when the supervisor next starts it (chaos runs only). */
    Path clockSkew(String service) {
        return holds().resolve(service + ".clock-skew");
    }

    Path logs() {
        return root.resolve("logs");
    }

    Path log(String component) {
        return logs().resolve(component + ".log");
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path kafka() {
        return root.resolve("kafka");
    }

    Path issuer() {
        return root.resolve("dev-issuer");
    }

    Path secrets() {
        return root.resolve("secrets");
    }

    /**
     * Creates the directory if needed and proves it writable by writing a file, so that a read-only or
     * misplaced directory is reported before anything starts.
     */
    void ensureWritable() throws StackException {
        try {
            Files.createDirectories(root);
            Path probe = Files.createTempFile(root, ".write-test", "");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new StackException("data directory " + root + " is not writable (" + reason(e) + ")");
        }
    }

    /** Deletes everything but the lock and the pid it guards, so a fresh `up` starts from nothing stale. */
    void wipe() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (!entry.equals(lock()) && !entry.equals(pidFile())) {
                    deleteTree(entry);
                }
            }
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(path);
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String reason(Exception e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "AccessDeniedException" -> "permission denied";
            case "FileSystemException" -> e.getMessage() != null && e.getMessage().contains("Not a directory")
                    ? "a path component is not a directory" : String.valueOf(e.getMessage());
            case "NotDirectoryException" -> "a path component is not a directory";
            case "FileAlreadyExistsException" -> "a file, not a directory, is in the way";
            default -> name + (e.getMessage() == null ? "" : ": " + e.getMessage());
        };
    }
}
