package io.keyturn.cli;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.crypto.ProfileKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a profile command gets its key: {@code --key KEY} or {@code --key-file FILE}, exactly one.
 * A key given on the command line is visible to other users in {@code ps} and lands in shell history;
 * {@code --key-file} (which also takes {@code <(pass show spa/key)} style process substitution) avoids both.
 */
final class KeyOptions {

    @Option(names = "--key", paramLabel = "KEY", required = true,
            description = "The profile key: the passphrase the device holds (as 'openssl enc -k'). Visible in"
                    + " ps and shell history; prefer --key-file.")
    String key;

    @Option(names = "--key-file", paramLabel = "FILE", required = true,
            description = "Read the key from FILE instead: its whole content, less one trailing newline.")
    Path keyFile;

    ProfileKey load() throws IOException {
        if (keyFile == null) {
            return ProfileKey.of(key);
        }
        // ISO-8859-1 maps every byte to one char, so a non-ASCII byte is refused by position, not mangled.
        String content = new String(Files.readAllBytes(keyFile), StandardCharsets.ISO_8859_1);
        if (content.endsWith("\r\n")) {
            content = content.substring(0, content.length() - 2);
        } else if (content.endsWith("\n")) {
            content = content.substring(0, content.length() - 1);
        }
        try {
            return ProfileKey.of(content);
        } catch (ProtocolException e) {
            throw new ProtocolException(e.reason(), "in --key-file " + keyFile + ": " + e.getMessage());
        }
    }
}
