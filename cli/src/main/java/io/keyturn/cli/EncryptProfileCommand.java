package io.keyturn.cli;

import io.keyturn.protocol.crypto.ProfileCipher;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keyturn profile encrypt}: a profile as a device fetches it, the same bytes (but for the
 * random salt) as {@code [gzip -9 |] openssl enc -e -aes-256-cbc -md md5 -k KEY}.
 */
@Command(
        name = "encrypt",
        mixinStandardHelpOptions = true,
        description = {
            "Encrypt a flat profile for a device that holds KEY.",
            "The output opens with 'openssl enc -d -aes-256-cbc -md md5 -k KEY'",
            "(and then gunzip, with --gzip)."
        })
final class EncryptProfileCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyOptions key;

    @Option(names = "--gzip", description = "Compress before encrypting; devices detect it from the gzip header.")
    boolean gzip;

    @Parameters(index = "0", paramLabel = "IN", description = "The profile: XML (<flat-profile>), or '-' for standard input.")
    String in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The encrypted file, or '-' for standard output.")
    String out;

    @Override
    public Integer call() throws IOException {
        byte[] xml = toProfileXml(Streams.readAll(in));
        Streams.writeAll(out, new ProfileCipher().seal(xml, key.load(), gzip));
        return 0;
    }

    /**
     * The flat-profile XML for IN. XML passes through (the cipher checks it is a whole ASCII
     * {@code <flat-profile>}); anything else would be SPC plain-text source, which needs the profile
     * compiler ({@code io.keyturn.protocol.profile}) that this command does not yet call.
     */
    static byte[] toProfileXml(byte[] input) {
        if (looksLikeXml(input)) {
            return input;
        }
        throw new IllegalArgumentException("IN is not XML: SPC source input needs the profile compiler, which"
                + " this command does not include yet; give a <flat-profile> XML file");
    }

    private static boolean looksLikeXml(byte[] input) {
        int i = 0;
        // A UTF-8 byte-order mark still routes to XML, where the cipher names it as a non-ASCII byte.
        if (input.length >= 3 && (input[0] & 0xff) == 0xef && (input[1] & 0xff) == 0xbb && (input[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < input.length && (input[i] == ' ' || input[i] == '\t' || input[i] == '\r' || input[i] == '\n')) {
            i++;
        }
        return i < input.length && input[i] == '<';
    }
}
