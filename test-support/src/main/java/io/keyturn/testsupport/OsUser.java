package io.keyturn.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Who this JVM runs as, and the unprivileged user a root JVM hands PostgreSQL to. */
final class OsUser {

    private static final boolean ROOT = "0".equals(output(List.of("id", "-u")));
    private static volatile String unprivileged;

    private OsUser() {
    }

    static boolean isRoot() {
        return ROOT;
    }

    /** {@code postgres} where that user exists (Debian's postgresql packages create it), else {@code nobody}. */
    static String unprivileged() {
        if (unprivileged == null) {
            unprivileged = exitCode(List.of("id", "-u", "postgres")) == 0 ? "postgres" : "nobody";
        }
        return unprivileged;
    }

    /** Whether {@code user} can reach (traverse into and write) {@code dir}, or its nearest existing ancestor. */
    static boolean canReach(String user, Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && exitCode(List.of("runuser", "-u", user, "--", "test", "-x", existing.toString())) == 0;
    }

    /** Gives a file, or a directory and everything under it, to {@code user}. */
    static void giveTo(Path path, String user) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> all = Files.walk(path)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    chown(p, user);
                }
            }
        } else {
            chown(path, user);
        }
    }

    static void chown(Path path, String user) throws IOException {
        UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(path, owner);
    }

    private static int exitCode(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String output(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
