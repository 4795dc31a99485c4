package io.keyturn.registry.domain;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.protocol.profile.SpcSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A template as written (SPC source or {@code <flat-profile>} XML) and the profile it compiles to. Templates hold
 * no device secrets; parameters keyturn owns (GPP_A, GPP_B, GPP_SA..SD) are refused here too.
 */
public record TemplateDocument(Format format, String source, FlatProfile profile) {

    public enum Format { SPC, XML }

    /** The largest template accepted, far above any real one (a full SPA962 profile is about 60 KB). */
    public static final int MAX_CHARS = 1024 * 1024;

    /**
     * Parses {@code source} with the protocol library.
     *
     * @throws RegistryException {@code INVALID_TEMPLATE} with the protocol library's message, which gives line and
     *     column
     */
    public static TemplateDocument parse(Format format, String source) {
        if (source.length() > MAX_CHARS) {
            throw new RegistryException(RegistryException.Reason.INVALID_TEMPLATE,
                    "a template holds at most " + MAX_CHARS + " characters");
        }
        FlatProfile profile;
        try {
            profile = format == Format.SPC ? SpcSource.parse(source) : FlatProfileXml.parse(source);
        } catch (ProtocolException e) {
            // The protocol library's messages are secret-free and give the position (ProtocolException's contract).
            throw new RegistryException(RegistryException.Reason.INVALID_TEMPLATE,
                    (format == Format.SPC ? "SPC source" : "XML") + " does not parse (" + e.reason().code() + "): "
                            + e.getMessage());
        }
        for (var p : profile.parameters()) {
            if (FieldRules.RESERVED.contains(p.name().toUpperCase(java.util.Locale.ROOT))) {
                throw new RegistryException(RegistryException.Reason.RESERVED_PARAMETER, "a template must not set "
                        + p.name() + ": keyturn owns GPP_A, GPP_B and the key slots GPP_SA..GPP_SD");
            }
        }
        return new TemplateDocument(format, source, profile);
    }

    /** The profile as {@code <flat-profile>} XML, the form templates travel in. */
    public String xml() {
        return FlatProfileXml.write(profile);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
