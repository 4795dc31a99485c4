package io.keyturn.events.template;

import io.keyturn.events.EventData;
import io.keyturn.events.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * {@code keyturn.template.published} on {@code keyturn.devices}: a new version of a model or group
 * template. crypto-service keeps the newest version per id and renders the devices it covers from it;
 * devices' own events name the versions that applied to them ({@link io.keyturn.events.device.TemplateRef}).
 *
 * <p>Templates are shared by many devices and must hold no per-device secret: credentials travel as
 * a device's sealed parameters.
 *
 * @param id {@code model/<MODEL>} or {@code group/<path>}, e.g. {@code group/region/north}; the
 *     subject and record key
 * @param version the template's version, from 1; a re-publication has a higher one
 * @param scope whether {@code target} is a model or a group path
 * @param target the model (e.g. {@code SPA962}) or group path (e.g. {@code region/north}); {@code id}
 *     is {@code <scope>/<target>}
 * @param xml the template as a {@code <flat-profile>} document (registry compiles SPC source before
 *     publishing), ASCII, at most {@value #MAX_XML_BYTES} bytes; an empty {@code <flat-profile/>}
 *     clears a group's overrides
 * @param sha256 SHA-256 of {@code xml}'s bytes, 64 lowercase hex digits
 * @param publishedBy who stored this version, if known; at most 128 characters
 * @param publishedAt when registry-service stored this version
 */
public record TemplatePublished(
        String id,
        long version,
        TemplateScope scope,
        String target,
        String xml,
        String sha256,
        String publishedBy,
        Instant publishedAt) implements EventData {

    /** The largest template, in bytes: a whole SPA9xx profile is about 60 KB. */
    public static final int MAX_XML_BYTES = 512 * 1024;

    private static final Pattern MODEL = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,31}");
    private static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}(/[a-z0-9][a-z0-9_-]{0,62}){0,15}");
    private static final Pattern ASCII = Pattern.compile("[\\t\\n\\r\\x20-\\x7e]*");

    /**
     * Checks the field rules above.
     *
     * @throws io.keyturn.events.EventContractException {@code invalid-field}, naming the first field that
     *     breaks its rule
     */
    public TemplatePublished {
        Checks.required("id", id);
        Checks.atLeast("version", version, 1);
        Checks.required("scope", scope);
        if (scope == TemplateScope.MODEL) {
            Checks.matching("target", target, MODEL, "must be a model name: upper-case letters, digits and -");
        } else {
            Checks.matching("target", target, GROUP,
                    "must be a group path: lower-case segments of letters, digits, _ and - separated by /");
        }
        if (!id.equals(scope.code() + "/" + target)) {
            throw Checks.invalid("id", "must be " + scope.code() + "/" + target);
        }
        Checks.required("xml", xml);
        if (!ASCII.matcher(xml).matches()) {
            throw Checks.invalid("xml", "must be printable ASCII, as the device firmware reads it");
        }
        if (xml.length() > MAX_XML_BYTES) {
            throw Checks.invalid("xml", "must be at most " + MAX_XML_BYTES + " bytes");
        }
        if (!xml.contains("<flat-profile")) {
            throw Checks.invalid("xml", "must be a <flat-profile> document");
        }
        Checks.sha256("sha256", sha256);
        if (!sha256.equals(Checks.sha256Hex(xml.getBytes(StandardCharsets.US_ASCII)))) {
            throw Checks.invalid("sha256", "must be the SHA-256 of xml");
        }
        Checks.optionalText("publishedBy", publishedBy, 128);
        Checks.required("publishedAt", publishedAt);
    }

    /** A template version with its {@code id} and {@code sha256} computed from the other fields. */
    public static TemplatePublished of(long version, TemplateScope scope, String target, String xml,
            String publishedBy, Instant publishedAt) {
        String digest = xml == null ? null : Checks.sha256Hex(xml.getBytes(StandardCharsets.US_ASCII));
        String id = scope == null ? null : scope.code() + "/" + target;
        return new TemplatePublished(id, version, scope, target, xml, digest, publishedBy, publishedAt);
    }

    @Override
    public String subject() {
        return id;
    }
}
