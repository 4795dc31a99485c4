package io.keyturn.cli.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes key material: mode 0600 from the first byte, and whole or not at all (temporary file, then rename). */
final class SecretFiles {

    private SecretFiles() {
    }

    static void write(Path file, String content, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        String mode = secret ? "rw-------" : "rw-r--r--";
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Refuses to overwrite: a new CSR's key must never replace the key of the certificate in service. */
    static void refuseExisting(Path... files) throws IOException {
        for (Path f : files) {
            if (Files.exists(f)) {
                throw new FileAlreadyExistsException(f + " exists; choose another --out or move it away first");
            }
        }
    }

    /** The passphrase from a file (first line), so it never shows in the process list or shell history. */
    static char[] passphrase(Path file) throws IOException {
        if (file == null) {
            return null;
        }
        String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        if (first.isEmpty()) {
            throw new TlsException("--passphrase-file " + file + " is empty");
        }
        return first.toCharArray();
    }
}
