package io.keyturn.testsupport;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Where {@code initdb}, {@code pg_ctl} and {@code postgres} come from: the machine's newest
 * {@code /usr/lib/postgresql/<n>/bin}, else zonky's bundled build extracted once under the temp directory.
 * {@code KEYTURN_POSTGRES=bundled} (or {@code machine}) forces one of them.
 */
record PostgresBinaries(Path bin, String description) {

    private static final Path MACHINE_ROOT = Path.of("/usr/lib/postgresql");

    static PostgresBinaries locate() throws IOException {
        String choice = System.getenv().getOrDefault("KEYTURN_POSTGRES", "auto").toLowerCase(Locale.ROOT);
        switch (choice) {
            case "machine" -> {
                return machine().orElseThrow(
                        () -> new IOException("KEYTURN_POSTGRES=machine, but no PostgreSQL under " + MACHINE_ROOT));
            }
            case "bundled" -> {
                return bundled();
            }
            case "auto" -> {
                var machine = machine();
                return machine.isPresent() ? machine.get() : bundled();
            }
            default -> throw new IOException("KEYTURN_POSTGRES must be auto, machine or bundled, not " + choice);
        }
    }

    String tool(String name) {
        return bin.resolve(name).toString();
    }

    private static java.util.Optional<PostgresBinaries> machine() throws IOException {
        if (!Files.isDirectory(MACHINE_ROOT)) {
            return java.util.Optional.empty();
        }
        List<Path> bins = new ArrayList<>();
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(MACHINE_ROOT)) {
            for (Path version : versions) {
                Path bin = version.resolve("bin");
                if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
                        && Files.isExecutable(bin.resolve("postgres"))) {
                    bins.add(bin);
                }
            }
        }
        return bins.stream()
                .max(Comparator.comparingInt(PostgresBinaries::majorVersion))
                .map(bin -> new PostgresBinaries(bin, version(bin) + " (machine binaries)"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Extracts zonky's archive for this OS and CPU once per archive content (the directory is named after its
     * digest); a complete extraction is marked by a file, so an interrupted one is redone.
     */
    private static PostgresBinaries bundled() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("mac") ? "Darwin" : "Linux";
        String arch = System.getProperty("os.arch"); // zonky normalises amd64/aarch64 itself
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch)) {
            archive = in.readAllBytes();
        } catch (IllegalStateException e) {
            throw new IOException("no bundled PostgreSQL binaries for " + os + "/" + arch + ": " + e.getMessage(), e);
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "keyturn-postgres-" + digest(archive));
        Path done = target.resolve(".complete");
        if (!Files.exists(done)) {
            Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".");
            extract(new ByteArrayInputStream(archive), staging);
            Files.createFile(staging.resolve(".complete"));
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // Another JVM extracted the same archive at the same time; its copy is as good as ours.
                if (!Files.exists(done)) {
                    throw raced;
                }
            }
        }
        Path bin = target.resolve("bin");
        return new PostgresBinaries(bin, version(bin) + " (bundled binaries)");
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void extract(InputStream archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = into.resolve(entry.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("archive entry escapes its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (var dirs = Files.walk(into)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static String version(Path bin) {
        try {
            Process p = new ProcessBuilder(bin.resolve("postgres").toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(30, TimeUnit.SECONDS);
            // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> "PostgreSQL 15.18"
            String[] words = out.split("\\s+");
            return words.length >= 3 ? "PostgreSQL " + words[2] : "PostgreSQL";
        } catch (IOException e) {
            return "PostgreSQL";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "PostgreSQL";
        }
    }
}
