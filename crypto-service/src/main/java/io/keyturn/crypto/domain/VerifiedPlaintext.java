package io.keyturn.crypto.domain;

import io.keyturn.protocol.crypto.ProfilePayload;
import java.util.Objects;

/**
 * A rendered profile compressed once and already verified: its payload inflates and parses to the intended managed
 * values, and its {@code Profile_Rule} leads where the rendering meant. Only {@link VerifiedSealer#verify} makes one,
 * so holding one is the proof; {@link VerifiedSealer#seal(VerifiedPlaintext, io.keyturn.protocol.crypto.ProfileKey)}
 * encrypts it for each key and checks each file against it.
 *
 * <p>It carries a key and a directory in the clear: {@link #toString} shows neither.
 */
public final class VerifiedPlaintext {

    private final ProfilePayload payload;

    VerifiedPlaintext(ProfilePayload payload) {
        this.payload = Objects.requireNonNull(payload, "payload");
    }

    ProfilePayload payload() {
        return payload;
    }

    @Override
    public String toString() {
        return "VerifiedPlaintext[" + (payload.gzipped() ? "gzip, " : "xml, ") + payload.length() + " bytes]";
    }
}
