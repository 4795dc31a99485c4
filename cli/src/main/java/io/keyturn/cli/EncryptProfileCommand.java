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

    @Parameters(index = "0", paramLabel = "IN", description = "The profile: XML (<flat-profile>) or SPC source (compiled first, imports relative to IN), or '-' for standard input.")
    String in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The encrypted file, or '-' for standard output.")
    String out;

    @Override
    public Integer call() throws IOException {
        byte[] xml = ProfileSources.toProfileXml(Streams.readAll(in), in);
        Streams.writeAll(out, new ProfileCipher().seal(xml, key.load(), gzip));
        return 0;
    }
}
