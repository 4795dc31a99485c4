package io.keyturn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes the IN/OUT arguments of the profile tools, where {@code -} is stdin/stdout. */
final class Streams {

    private Streams() {
    }

    static byte[] readAll(String in) throws IOException {
        if ("-".equals(in)) {
            return System.in.readAllBytes();
        }
        return Files.readAllBytes(Path.of(in));
    }

    /**
     * Writes the whole output or nothing: a file is written beside the target and moved into place,
     * so a failure never leaves a half-written profile behind.
     */
    static void writeAll(String out, byte[] bytes) throws IOException {
        if ("-".equals(out)) {
            OutputStream stdout = System.out;
            stdout.write(bytes);
            stdout.flush();
            return;
        }
        Path target = Path.of(out).toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static InputStream open(String in) throws IOException {
        return "-".equals(in) ? System.in : Files.newInputStream(Path.of(in));
    }
}
