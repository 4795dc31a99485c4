package io.keyturn.cli;

import io.keyturn.protocol.crypto.ProfileCipher;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code keyturn profile decrypt}: the flat-profile XML inside an encrypted profile, gunzipped if it
 * was compressed. Writes nothing unless the whole file opens to a profile.
 */
@Command(
        name = "decrypt",
        mixinStandardHelpOptions = true,
        description = {
            "Decrypt a profile made by 'keyturn profile encrypt' or by",
            "'openssl enc -aes-256-cbc -md md5 -k KEY', gzipped or not, and write its XML.",
            "A wrong key or a corrupt file exits with 2 and leaves OUT untouched."
        })
final class DecryptProfileCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyOptions key;

    @Parameters(index = "0", paramLabel = "IN", description = "The encrypted file, or '-' for standard input.")
    String in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The XML profile, or '-' for standard output.")
    String out;

    @Override
    public Integer call() throws IOException {
        byte[] xml = new ProfileCipher().open(Streams.readAll(in), key.load());
        Streams.writeAll(out, xml);
        return 0;
    }
}
