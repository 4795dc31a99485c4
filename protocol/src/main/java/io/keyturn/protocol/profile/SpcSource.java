package io.keyturn.protocol.profile;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * The plain-text source that Cisco's {@code spc} compiles (spa-protocol.md §4.1), read and written.
 *
 * <pre>
 * # comment to the end of the line
 * import base.txt
 * Proxy[1] ! "sip.example.net" ;     # user read-write
 * Resync_Periodic ? "3600" ;        # user read-only
 * GPP_A "secret" ;                  # no mark: hidden from the user
 * Some_Entry ! ;                    # access only, value unchanged
 * </pre>
 *
 * <p>Grammar, taken conservatively from the vendor guides:
 * <ul>
 *   <li>A statement is {@code Name [!|?] ["value"] ;}; whitespace and newlines may separate its
 *       parts. A name is an SPC name or label without spaces ({@code Proxy[1]}, {@code Dial_Plan[1]})
 *       and is stored in XML form ({@link ParameterNames#fromLabel}).
 *   <li>Every statement states the user access: {@code !} read-write, {@code ?} read-only, no mark
 *       hidden. So a profile read from SPC has an access on every parameter.
 *   <li>Values must be double-quoted and close on the line they open. The guides document no escape,
 *       yet rules routinely hold quotes ({@code ("$CCERT" eq "Installed")? ...}, §1.2), so exactly two
 *       escapes are read: {@code \"} for {@code "} and {@code \\} for {@code \}. Any other backslash is
 *       an ordinary character ({@code "c:\dir"} is read as written). The writer escapes only where it
 *       must (a {@code "}, and a {@code \} before {@code "}, {@code \} or the closing quote), so most
 *       values are written verbatim, as Cisco's {@code spc} surely reads them.
 *   <li>{@code #} outside quotes starts a comment; inside quotes it is part of the value (the guides use
 *       {@code "# http://..."} to disable a rule).
 *   <li>{@code import file} at the start of a line splices in another source through an
 *       {@link ImportResolver}; imports nest up to {@value #MAX_IMPORT_DEPTH} deep, and a cycle is refused.
 *   <li>A parameter stated twice is applied twice, in order, as the device does (see {@link Parameter}).
 * </ul>
 */
public final class SpcSource {

    /** How deep imports may nest; deeper is taken for a runaway resolver. */
    public static final int MAX_IMPORT_DEPTH = 16;

    private SpcSource() {
    }

    /**
     * Finds the source an {@code import} line names. Implementations decide where files live; the
     * name they return identifies the source in error messages and cycle detection, so it must be the
     * same whenever the same source is reached (e.g. a normalised path).
     */
    @FunctionalInterface
    public interface ImportResolver {

        /**
         * The source named by {@code file} in an {@code import} line of the source named {@code importer}
         * (the name given to {@link SpcSource#parse(String, String, ImportResolver)}, null if none, or
         * one this resolver returned).
         *
         * @throws IOException if there is no such source or it cannot be read; the parser reports it as
         *     {@code UNRESOLVED_IMPORT} at the import line
         */
        Imported resolve(String importer, String file) throws IOException;

        /** A resolver that resolves nothing: every import is refused. */
        static ImportResolver none() {
            return (importer, file) -> {
                throw new NoSuchFileException(file, null, "imports are not available here");
            };
        }
    }

    /**
     * An imported source: the name that identifies it (in messages and cycle detection) and its text.
     * Both are required.
     */
    public record Imported(String name, String text) {
        /** Checks that both parts are present. */
        public Imported {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
        }

        /** The name and size only: the text may hold keys and passwords. */
        @Override
        public String toString() {
            return "Imported[" + name + ", " + text.length() + " characters]";
        }
    }

    /**
     * Parses source that has no imports (an import is refused with {@code UNRESOLVED_IMPORT}).
     *
     * @throws ProtocolException as {@link #parse(String, String, ImportResolver)}
     */
    public static FlatProfile parse(String source) {
        return parse(source, null, ImportResolver.none());
    }

    /**
     * Parses source into the profile it compiles to.
     *
     * @param name how errors name this source (e.g. its file name), or null to give positions only
     * @throws ProtocolException {@code MALFORMED_SPC} with line and column for source that breaks the
     *     grammar; {@code NON_ASCII} for a name or value outside printable ASCII (comments may hold
     *     anything); {@code INVALID_PARAMETER_NAME}; {@code UNRESOLVED_IMPORT} for an import that cannot
     *     be resolved, forms a cycle, or nests too deep
     */
    public static FlatProfile parse(String source, String name, ImportResolver imports) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(imports, "imports");
        FlatProfile.Builder profile = FlatProfile.builder();
        new SpcParser(source, name, imports, profile, new ArrayDeque<>()).run();
        return profile.build();
    }

    /**
     * Writes the profile as SPC source, one statement per line, names in SPC form ({@code Proxy[1]}).
     * {@link #parse(String)} of the result gives back an equal profile.
     *
     * @throws IllegalArgumentException if a parameter has no user access (SPC cannot leave access
     *     unchanged; see {@link #write(FlatProfile, UserAccess)})
     */
    public static String write(FlatProfile profile) {
        return write(profile, null);
    }

    /**
     * Writes the profile as SPC source, giving {@code unstatedAccess} to parameters whose access the
     * profile leaves unchanged (typically XML without {@code ua}): SPC has no way to say "unchanged",
     * since a statement without a mark hides the parameter.
     *
     * @param unstatedAccess the access to write for those parameters, or null to refuse them
     * @throws IllegalArgumentException if a parameter has no access and {@code unstatedAccess} is null
     */
    public static String write(FlatProfile profile, UserAccess unstatedAccess) {
        Parameter[] parameters = profile.array();
        StringBuilder spc = new StringBuilder(parameters.length * 40);
        for (Parameter p : parameters) {
            UserAccess access = p.rawAccess() != null ? p.rawAccess() : unstatedAccess;
            if (access == null) {
                throw new IllegalArgumentException("parameter " + p.name()
                        + " has no user access, and SPC source cannot leave access unchanged"
                        + " (a statement without a mark hides the parameter); choose one for such parameters");
            }
            spc.append(ParameterNames.toSpc(p.name()));
            if (!access.spcMark().isEmpty()) {
                spc.append(' ').append(access.spcMark());
            }
            String value = p.rawValue();
            if (value != null) {
                spc.append(" \"");
                quote(value, spc);
                spc.append('"');
            }
            spc.append(" ;\n");
        }
        return spc.toString();
    }

    /** Appends the value with {@code "} escaped, and {@code \} only where it would otherwise start an escape. */
    private static void quote(String value, StringBuilder spc) {
        if (value.indexOf('"') < 0 && value.indexOf('\\') < 0) {
            spc.append(value);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                spc.append("\\\"");
            } else if (c == '\\' && (i + 1 == value.length() || value.charAt(i + 1) == '"' || value.charAt(i + 1) == '\\')) {
                spc.append("\\\\");
            } else {
                spc.append(c);
            }
        }
    }
}
