package io.keyturn.crypto.domain;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.crypto.ProfileCipher;
import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.crypto.ProfilePayload;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.protocol.profile.Parameter;
import io.keyturn.protocol.profile.SpcSource;
import io.keyturn.protocol.profile.UserAccess;
import io.keyturn.protocol.rule.DeviceContext;
import io.keyturn.protocol.rule.FetchTarget;
import io.keyturn.protocol.rule.Resolution;
import io.keyturn.protocol.rule.Rule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verify before publish (DESIGN.md §2): render → optional gzip → encrypt → decrypt with the key the device holds →
 * parse → compare every managed value with the intent, and evaluate the decrypted {@code Profile_Rule} as the device
 * would in steady state to check it leads to the intended path with the intended key. Only a file that passes
 * leaves this class.
 *
 * <p>The work is split so that a profile handed out under many keys (a rotation's new steady file and every
 * re-pointed older file carry the same plaintext) is compressed, inflated, parsed and checked once: {@link #verify}
 * does that and yields a {@link VerifiedPlaintext}; {@link #seal(VerifiedPlaintext, ProfileKey)} then encrypts it for
 * one key, decrypts the file with that key and requires the decrypted bytes to equal the verified ones. A device
 * opens a file by decrypting and then inflating and parsing what it decrypted; equal bytes open to the profile
 * already parsed and checked, so the proof is the same as parsing each file again.
 */
public final class VerifiedSealer {

    private final ProfileCipher cipher;

    public VerifiedSealer(ProfileCipher cipher) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /** The file encrypted with {@code key} (the key the device holds when it fetches it), verified. */
    public SealedFile seal(RenderedProfile rendered, ProfileKey key, boolean gzip, String mac, String psn) {
        return seal(verify(rendered, gzip, mac, psn), key);
    }

    /**
     * Compresses the rendered profile (if {@code gzip}) once, then inflates and parses that payload as a device would
     * and checks it shows the rendering's intent for the device {@code mac} of series {@code psn}.
     */
    public VerifiedPlaintext verify(RenderedProfile rendered, boolean gzip, String mac, String psn) {
        FlatProfileXml.Written written = FlatProfileXml.writeBytes(rendered.profile(), rendered.sharedParameters());
        byte[] xml = written.xml();
        ProfilePayload payload;
        try {
            // Only the templates' part may be cached: the rest holds the device's credentials and key.
            payload = cipher.payload(xml, gzip, written.leadingLength());
        } catch (ProtocolException e) {
            throw new VerificationException("the profile could not be encrypted: " + e.reason(), e);
        }
        FlatProfile back;
        try {
            back = FlatProfileXml.parse(cipher.open(payload));
        } catch (ProtocolException e) {
            throw new VerificationException("the encrypted profile does not decrypt and parse back: " + e.reason(), e);
        }
        check(rendered, back, mac, psn);
        return new VerifiedPlaintext(payload);
    }

    /**
     * The verified plaintext encrypted with {@code key}; the file leaves only if decrypting it with {@code key}
     * gives back exactly the verified bytes.
     */
    public SealedFile seal(VerifiedPlaintext plaintext, ProfileKey key) {
        byte[] file = cipher.seal(plaintext.payload(), key);
        boolean carries;
        try {
            carries = cipher.carries(file, key, plaintext.payload());
        } catch (ProtocolException e) {
            throw new VerificationException("the encrypted profile does not decrypt and parse back: " + e.reason(), e);
        }
        if (!carries) {
            throw new VerificationException("the encrypted profile does not decrypt to the verified profile");
        }
        return SealedFile.of(file);
    }

    /** A plain file (stage 0, an mTLS bootstrap body), parsed back and verified the same way. */
    public SealedFile plain(RenderedProfile rendered, String mac, String psn) {
        byte[] xml = FlatProfileXml.writeBytes(rendered.profile());
        FlatProfile back;
        try {
            back = FlatProfileXml.parse(xml);
        } catch (ProtocolException e) {
            throw new VerificationException("the profile does not parse back: " + e.reason(), e);
        }
        check(rendered, back, mac, psn);
        return SealedFile.of(xml);
    }

    /**
     * The managed parameters of the profile (key, directory, rule, timers) as SPC source for {@code spc --target},
     * parsed back and verified the same way. Only those: a targeted file is obfuscation (anyone with spc and the
     * MAC can read it, spa-protocol.md §7), so it carries what the bootstrap must hand over and nothing else; the
     * chain file it leads to brings the rest. The compiled .cfg itself cannot be checked: its format is
     * proprietary and only the unit decodes it.
     */
    public String spcSource(RenderedProfile rendered, String mac, String psn) {
        FlatProfile.Builder managed = FlatProfile.builder();
        for (String name : rendered.managed().keySet()) {
            Parameter p = rendered.profile().parameter(name)
                    .orElseThrow(() -> new VerificationException("managed parameter " + name + " was not rendered"));
            // SPC states an access on every statement; a timer the renderer left unstated stays out of the web UI.
            managed.put(p.access().isPresent() ? p : p.withAccess(UserAccess.HIDDEN));
        }
        String source = SpcSource.write(managed.build());
        FlatProfile back;
        try {
            back = SpcSource.parse(source);
        } catch (ProtocolException e) {
            throw new VerificationException("the SPC source does not parse back: " + e.reason(), e);
        }
        check(rendered, back, mac, psn);
        return source;
    }

    private static void check(RenderedProfile rendered, FlatProfile back, String mac, String psn) {
        for (Map.Entry<String, String> e : rendered.managed().entrySet()) {
            Optional<String> value = back.value(e.getKey());
            if (value.isEmpty() || !same(value.get(), e.getValue())) {
                throw new VerificationException("managed parameter " + e.getKey() + " differs after the round trip");
            }
        }
        if (rendered.expectedPath() == null) {
            return;
        }
        DeviceContext.Builder device = DeviceContext.builder().mac(mac).productSeries(psn).provisioningState(1)
                .clientCertificate(false);
        for (Parameter p : back.parameters()) {
            if (p.name().startsWith("GPP_") && p.value().isPresent()) {
                device.parameter(p.name(), p.value().get());
            }
        }
        Optional<Resolution> resolution;
        try {
            resolution = Rule.parse(back.value("Profile_Rule").orElse("")).evaluate(device.build());
        } catch (ProtocolException e) {
            throw new VerificationException("the decrypted Profile_Rule does not evaluate: " + e.reason(), e);
        }
        Optional<FetchTarget> target = resolution.flatMap(Resolution::target);
        if (target.isEmpty() || !target.get().path().equals(rendered.expectedPath())) {
            throw new VerificationException("the decrypted Profile_Rule does not lead to the intended chain path");
        }
        Optional<String> key = resolution.get().options().key();
        if (key.isEmpty() || !same(key.get(), rendered.expectedKey().reveal())) {
            throw new VerificationException("the decrypted Profile_Rule does not fetch with the intended key");
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
