package io.keyturn.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/** Writes throw-away credentials readable by their owner only. */
final class Secrets {

    private Secrets() {
    }

    static void writePrivate(Path file, Properties props, String comment) throws IOException {
        writePrivate(file, out -> props.store(out, comment));
    }

    /** Creates the file with mode 0600 before anything is written to it, then moves it into place. */
    private static void writePrivate(Path file, Body body) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(tmp)) {
            body.write(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }
}
