package io.keyturn.protocol.fuzz;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.protocol.profile.SpcSource;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the two profile readers, SPC source and flat-profile XML (the first byte picks which):
 * any input either reads or is refused with a {@link ProtocolException}, and a profile that reads survives
 * the trip through the writers unchanged (SPC's, for what SPC read; XML's, for everything ASCII).
 */
public final class FlatProfileFuzz {

    private FlatProfileFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] body = java.util.Arrays.copyOfRange(input, 1, input.length);
        boolean spc = (input[0] & 1) == 0;
        FlatProfile profile;
        try {
            profile = spc ? SpcSource.parse(new String(body, StandardCharsets.UTF_8)) : FlatProfileXml.parse(body);
        } catch (ProtocolException refused) {
            return;
        }
        if (spc) {
            // Only SPC-read profiles: SPC cannot express "access unchanged", which XML can (SpcSource.write).
            FlatProfile fromSpc = SpcSource.parse(SpcSource.write(profile));
            if (!fromSpc.equals(profile)) {
                throw new AssertionError("SPC write/parse changed the profile: " + SpcSource.write(profile));
            }
        }
        String xml;
        try {
            xml = FlatProfileXml.write(profile);
        } catch (ProtocolException notAscii) {
            // The XML writer refuses what a device could not read (non-ASCII); the refusal is the contract.
            return;
        }
        FlatProfile fromXml = FlatProfileXml.parse(xml);
        if (!fromXml.equals(profile)) {
            throw new AssertionError("XML write/parse changed the profile: " + xml);
        }
    }
}
