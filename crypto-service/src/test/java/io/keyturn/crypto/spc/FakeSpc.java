package io.keyturn.crypto.spc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Shell scripts that stand in for the vendor's spc. The well-behaved one checks its command line as the vendor's
 * documents it ({@code spc --target <mac12hex> in.txt out.cfg}) and writes a deterministic binary file: the source,
 * gzipped without a name or time, so a test can read back what spc was given.
 */
public final class FakeSpc {

    private FakeSpc() {
    }

    /** The well-behaved compiler. */
    public static Path compiler(Path dir) {
        return script(dir, "spc", """
                #!/bin/sh
                [ "$#" -eq 4 ] && [ "$1" = "--target" ] || { echo "usage: spc --target <mac> in out" >&2; exit 64; }
                echo "$2" | grep -Eq '^[0-9a-f]{12}$' || { echo "bad MAC $2" >&2; exit 65; }
                gzip -n -c "$3" > "$4"
                """);
    }

    /** A compiler that fails, echoing the source's first line on stderr as real compilers do. */
    public static Path failing(Path dir) {
        return script(dir, "spc-failing", """
                #!/bin/sh
                echo "syntax error near: $(head -n 1 "$3")" >&2
                exit 3
                """);
    }

    /** A compiler that hangs. */
    public static Path hanging(Path dir) {
        return script(dir, "spc-hanging", """
                #!/bin/sh
                exec sleep 30
                """);
    }

    /** A compiler that succeeds without writing anything. */
    public static Path silent(Path dir) {
        return script(dir, "spc-silent", """
                #!/bin/sh
                exit 0
                """);
    }

    private static Path script(Path dir, String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
