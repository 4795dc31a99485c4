package io.keyturn.protocol.profile;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML {@code <flat-profile>} format that SPA firmware 2.0.6 and later reads (spa-protocol.md §4.3),
 * parsed with the device's semantics and written so that it parses back to the same profile.
 *
 * <p>Parsing, as the device does:
 * <ul>
 *   <li>{@code <flat-profile>} may sit inside any wrapper elements; everything outside it is ignored.
 *       Several {@code <flat-profile>} elements are applied in document order.
 *   <li>Each child element of {@code <flat-profile>} is a parameter; names are case-sensitive. A
 *       parameter holds text only: an element inside a parameter is refused.
 *   <li>{@code <X/>} leaves the value unchanged; {@code <X></X>} sets it to the empty string.
 *   <li>Values are trimmed and newlines become spaces; entities, numeric character references and
 *       CDATA are honoured.
 *   <li>{@code ua="na|ro|rw"} sets the user access; other attributes are ignored. Any other {@code ua}
 *       value is refused rather than ignored, so that a typo does not silently leave access as it was.
 *   <li>A parameter mentioned twice is applied twice, in order: a later value replaces an earlier
 *       one, a later {@code <X/>} keeps it (see {@link Parameter}).
 * </ul>
 *
 * <p>Bytes are read as ASCII; any other byte is refused with {@code NON_ASCII} where it matters (names
 * and values), whatever the XML declaration says. DTDs are refused outright, so no entity can be
 * declared and nothing external is ever fetched.
 */
public final class FlatProfileXml {

    private static final String FLAT_PROFILE = "flat-profile";
    /**
     * Shared by all threads: once configured, the JDK factory builds a fresh reader per call (instance
     * reuse is off by default), so only the readers hold parse state.
     */
    private static final XMLInputFactory FACTORY = secureFactory();

    private FlatProfileXml() {
    }

    /**
     * Parses a profile from bytes. Only ASCII is supported, so the bytes are not decoded by the XML
     * declaration: each byte is one character, and one above 0x7f in a name or value is refused.
     *
     * @throws ProtocolException {@code MALFORMED_XML} (with line and column) for XML that is not
     *     well-formed, holds a DTD or no {@code <flat-profile>}; {@code NON_ASCII} for a name or value
     *     outside printable ASCII; {@code INVALID_PARAMETER_NAME} for an element name a device cannot hold
     */
    public static FlatProfile parse(byte[] xml) {
        return parse(new String(xml, StandardCharsets.ISO_8859_1));
    }

    /**
     * Parses a profile from text.
     *
     * @throws ProtocolException as {@link #parse(byte[])}
     */
    public static FlatProfile parse(String xml) {
        FlatProfile plain = PlainForm.parse(xml);
        return plain != null ? plain : parseXml(xml);
    }

    /** The general parse through the JDK's StAX reader: every form, every error with its position. */
    static FlatProfile parseXml(String xml) {
        return new XmlParse(xml).run();
    }

    /**
     * Writes the profile as {@code <flat-profile>} XML, one parameter per line, with {@code ua}
     * attributes where access is stated and {@code <Name/>} for absent values. No XML declaration,
     * like the vendor's samples. {@link #parse} of the result gives back an equal profile.
     */
    public static String write(FlatProfile profile) {
        return write(profile, 0, null);
    }

    /**
     * {@link #writeBytes(FlatProfile)}, together with where the line of the profile's parameter number
     * {@code leadingParameters} ends (counting from 1; 0 is the end of the opening tag's line): the bytes up
     * to there are the same in every profile that begins with the same parameters.
     *
     * @throws IllegalArgumentException if {@code leadingParameters} is not within {@code 0..profile.size()}
     */
    public static Written writeBytes(FlatProfile profile, int leadingParameters) {
        if (leadingParameters < 0 || leadingParameters > profile.size()) {
            throw new IllegalArgumentException(
                    "leadingParameters must be within 0.." + profile.size() + ", not " + leadingParameters);
        }
        int[] mark = {0};
        byte[] xml = write(profile, leadingParameters, mark).getBytes(StandardCharsets.US_ASCII);
        // ASCII: one byte per char, so the char offset is the byte offset.
        return new Written(xml, mark[0]);
    }

    /** A profile's XML and the length of its leading part (see {@link #writeBytes(FlatProfile, int)}). */
    public record Written(byte[] xml, int leadingLength) {
        @Override
        public String toString() {
            return "Written[" + xml.length + " bytes, leading " + leadingLength + "]";
        }
    }

    private static String write(FlatProfile profile, int markAfter, int[] mark) {
        Parameter[] parameters = profile.array();
        StringBuilder xml = new StringBuilder(64 + sizeEstimate(parameters));
        xml.append("<flat-profile>\n");
        int written = 0;
        if (mark != null && markAfter == 0) {
            mark[0] = xml.length();
        }
        for (Parameter p : parameters) {
            xml.append("  <").append(p.name());
            UserAccess access = p.rawAccess();
            if (access != null) {
                xml.append(" ua=\"").append(access.code()).append('"');
            }
            String value = p.rawValue();
            if (value == null) {
                xml.append("/>\n");
            } else {
                xml.append('>');
                escape(value, xml);
                xml.append("</").append(p.name()).append(">\n");
            }
            if (mark != null && ++written == markAfter) {
                mark[0] = xml.length();
            }
        }
        return xml.append("</flat-profile>\n").toString();
    }

    /** {@link #write} as the ASCII bytes a device is served. */
    public static byte[] writeBytes(FlatProfile profile) {
        return write(profile).getBytes(StandardCharsets.US_ASCII);
    }

    private static int sizeEstimate(Parameter[] parameters) {
        int size = 0;
        for (Parameter p : parameters) {
            String value = p.rawValue();
            size += 2 * p.name().length() + 16 + (value == null ? 0 : value.length() + (value.length() >> 3));
        }
        return size;
    }

    private static void escape(String value, StringBuilder xml) {
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            String entity = switch (value.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                // '>' only needs escaping after "]]", but escaping it always is simpler for any reader.
                case '>' -> "&gt;";
                default -> null;
            };
            if (entity != null) {
                xml.append(value, start, i).append(entity);
                start = i + 1;
            }
        }
        xml.append(value, start, value.length());
    }

    /**
     * A fast path for the form {@link #write} produces, which is what crypto-service parses back for every
     * profile it publishes: {@code <flat-profile>} first, one parameter element after the other with at most
     * a {@code ua} attribute, values of printable ASCII with the five predefined entities, whitespace between
     * elements, {@code </flat-profile>} last. For such a document the general parse gives the same profile,
     * so this one reads it with a cursor instead of a StAX reader (several times faster). Anything else,
     * including every document the general parse would refuse, makes it answer null and leaves the document
     * to the general parse, which is the only one that reports errors.
     */
    static final class PlainForm {

        private static final String OPEN = "<" + FLAT_PROFILE + ">";
        private static final String CLOSE = "</" + FLAT_PROFILE + ">";

        private final String xml;
        private final int end;
        private int at;
        private final StringBuilder value = new StringBuilder(64);

        private PlainForm(String xml) {
            this.xml = xml;
            this.end = xml.length();
        }

        /** The profile, or null when the document is not in the plain form. */
        static FlatProfile parse(String xml) {
            return xml.startsWith(OPEN) ? new PlainForm(xml).run() : null;
        }

        private FlatProfile run() {
            FlatProfile.Builder profile = FlatProfile.builder();
            at = OPEN.length();
            while (true) {
                skipWhitespace();
                if (xml.startsWith(CLOSE, at)) {
                    at += CLOSE.length();
                    skipWhitespace();
                    return at == end ? profile.build() : null;
                }
                if (at >= end || xml.charAt(at) != '<') {
                    return null;
                }
                at++;
                int nameStart = at;
                if (at >= end || !nameStart(xml.charAt(at))) {
                    return null;
                }
                at++;
                while (at < end && nameRest(xml.charAt(at))) {
                    at++;
                }
                int nameEnd = at;
                UserAccess access = null;
                if (xml.startsWith(" ua=\"", at)) {
                    at += 5;
                    int codeEnd = xml.indexOf('"', at);
                    if (codeEnd < 0) {
                        return null;
                    }
                    access = access(xml.substring(at, codeEnd));
                    if (access == null) {
                        return null;
                    }
                    at = codeEnd + 1;
                }
                String name = xml.substring(nameStart, nameEnd);
                if (ParameterNames.firstInvalid(name) >= 0) {
                    return null;
                }
                if (xml.startsWith("/>", at)) {
                    at += 2;
                    profile.then(Parameter.trusted(name, null, access));
                    continue;
                }
                if (at >= end || xml.charAt(at) != '>') {
                    return null;
                }
                at++;
                if (!readValue()) {
                    return null;
                }
                // The end tag: "</" name ">".
                if (!xml.startsWith("</", at) || !xml.startsWith(name, at + 2)
                        || at + 2 + name.length() >= end || xml.charAt(at + 2 + name.length()) != '>') {
                    return null;
                }
                at += 3 + name.length();
                String v = Parameter.deviceValue(value.toString());
                if (Parameter.firstUnsupported(v) >= 0) {
                    return null;
                }
                profile.then(Parameter.trusted(name, v, access));
            }
        }

        /** Reads the text up to the next '<' into {@link #value}; false for anything but the plain form. */
        private boolean readValue() {
            value.setLength(0);
            int from = at;
            while (at < end) {
                char c = xml.charAt(at);
                if (c == '<') {
                    value.append(xml, from, at);
                    return true;
                }
                if (c == '&') {
                    value.append(xml, from, at);
                    int semicolon = xml.indexOf(';', at);
                    if (semicolon < 0 || semicolon - at > 5) {
                        return false;
                    }
                    char decoded = switch (xml.substring(at + 1, semicolon)) {
                        case "amp" -> '&';
                        case "lt" -> '<';
                        case "gt" -> '>';
                        case "quot" -> '"';
                        case "apos" -> '\'';
                        default -> 0;
                    };
                    if (decoded == 0) {
                        return false;
                    }
                    value.append(decoded);
                    at = semicolon + 1;
                    from = at;
                    continue;
                }
                // Raw '>' (it could end "]]>"), line ends (normalised by XML) and anything else that is not
                // printable ASCII or a tab are left to the general parse.
                if ((c < 0x20 && c != '\t') || c > 0x7e || c == '>') {
                    return false;
                }
                at++;
            }
            return false;
        }

        private void skipWhitespace() {
            while (at < end) {
                char c = xml.charAt(at);
                if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                    return;
                }
                at++;
            }
        }

        private static UserAccess access(String code) {
            return switch (code) {
                case "na" -> UserAccess.HIDDEN;
                case "ro" -> UserAccess.READ_ONLY;
                case "rw" -> UserAccess.READ_WRITE;
                default -> null;
            };
        }

        private static boolean nameStart(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
        }

        private static boolean nameRest(char c) {
            return nameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
        }
    }

    private static XMLInputFactory secureFactory() {
        // The JDK's own implementation, whatever else is on the class path, so that behaviour and
        // error positions do not depend on the deployment.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    /** One parse: the reader state plus the positions needed for error messages. */
    private static final class XmlParse {
        private final String xml;
        private final FlatProfile.Builder profile = FlatProfile.builder();
        private XMLStreamReader reader;

        private boolean inFlatProfile;
        private boolean foundFlatProfile;
        private String parameter;
        private UserAccess parameterAccess;
        private int valueLine;
        private int valueColumn;
        private final StringBuilder value = new StringBuilder();

        XmlParse(String xml) {
            this.xml = xml;
        }

        FlatProfile run() {
            if (xml.startsWith("\u00ef\u00bb\u00bf") || xml.startsWith("\ufeff")) {
                throw new ProtocolException(Reason.NON_ASCII,
                        "the profile starts with a byte order mark at line 1, column 1; SPA firmware reads ASCII only");
            }
            try {
                reader = FACTORY.createXMLStreamReader(new StringReader(xml));
                try {
                    while (reader.hasNext()) {
                        handle(reader.next());
                    }
                } finally {
                    reader.close();
                }
            } catch (XMLStreamException e) {
                throw malformed(e);
            } catch (ProtocolException e) {
                throw e;
            } catch (RuntimeException e) {
                // The JDK's own parser fails on some malformed input with an exception of its own, e.g. a
                // MissingResourceException for a bad character in a DTD (found by FuzzIT): still malformed XML.
                throw new ProtocolException(Reason.MALFORMED_XML, "malformed XML at " + readerPosition()
                        + ": the XML parser gave up (" + e.getClass().getSimpleName() + ")", e);
            }
            if (!foundFlatProfile) {
                throw new ProtocolException(Reason.MALFORMED_XML, "no <flat-profile> element in the document");
            }
            return profile.build();
        }

        private void handle(int event) {
            switch (event) {
                case XMLStreamConstants.DTD -> throw new ProtocolException(Reason.MALFORMED_XML,
                        "document type declaration at " + position(Math.max(0, xml.indexOf("<!DOCTYPE")))
                                + ": DTDs are not accepted in profiles");
                case XMLStreamConstants.START_ELEMENT -> startElement();
                case XMLStreamConstants.END_ELEMENT -> endElement();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (parameter != null) {
                        value.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    }
                }
                default -> {
                    // Comments, processing instructions and the document bounds carry nothing for a device.
                }
            }
        }

        private void startElement() {
            String name = elementName();
            Location afterStartTag = reader.getLocation();
            if (parameter != null) {
                throw new ProtocolException(Reason.MALFORMED_XML, "element <" + printable(name) + "> at "
                        + tagStart(afterStartTag) + " is inside parameter " + parameter
                        + ": flat-profile parameters hold text only");
            }
            if (!inFlatProfile) {
                if (name.equals(FLAT_PROFILE)) {
                    inFlatProfile = true;
                    foundFlatProfile = true;
                }
                return;
            }
            valueLine = afterStartTag.getLineNumber();
            valueColumn = afterStartTag.getColumnNumber();
            int bad = ParameterNames.firstInvalid(name);
            if (bad >= 0) {
                ProtocolException e = ParameterNames.invalid(name, bad);
                throw new ProtocolException(e.reason(), e.getMessage() + " (element at " + tagStart(afterStartTag) + ")");
            }
            parameter = name;
            parameterAccess = null;
            for (int i = 0; i < reader.getAttributeCount(); i++) {
                String prefix = reader.getAttributePrefix(i);
                if ((prefix == null || prefix.isEmpty()) && "ua".equals(reader.getAttributeLocalName(i))) {
                    parameterAccess = UserAccess.fromCode(reader.getAttributeValue(i)).orElseThrow(() ->
                            new ProtocolException(Reason.MALFORMED_XML, "parameter " + parameter + " at "
                                    + tagStart(afterStartTag) + ": ua must be na, ro or rw"));
                }
            }
            value.setLength(0);
        }

        /** The element name as written, prefix included: the device knows nothing of namespaces. */
        private String elementName() {
            String prefix = reader.getPrefix();
            String local = reader.getLocalName();
            return prefix == null || prefix.isEmpty() || local.startsWith(prefix + ":") ? local : prefix + ":" + local;
        }

        /**
         * Where the start tag that ends at {@code afterTag} begins. The reader's locations are exact
         * only at the end of a tag, so this walks back to the tag's '<' (which no attribute value may hold).
         */
        private String tagStart(Location afterTag) {
            int offset = offsetOf(afterTag.getLineNumber(), afterTag.getColumnNumber());
            int lt = xml.lastIndexOf('<', Math.max(0, offset - 1));
            return position(Math.max(0, lt));
        }

        private void endElement() {
            if (parameter == null) {
                // Inside <flat-profile> every start opens a parameter, so an unmatched end closes it.
                inFlatProfile = false;
                return;
            }
            Location end = reader.getLocation();
            // <X/> and <X></X> give the same events; only <X/> ends where its start tag ended (the JDK
            // reader reports the empty element's end without consuming anything more).
            boolean emptyElement = value.length() == 0 && end.getLineNumber() == valueLine
                    && end.getColumnNumber() == valueColumn;
            String v = null;
            if (!emptyElement) {
                v = Parameter.deviceValue(value.toString());
                if (Parameter.firstUnsupported(v) >= 0) {
                    throw nonAscii(end);
                }
            }
            profile.then(Parameter.trusted(parameter, v, parameterAccess));
            parameter = null;
        }

        /**
         * Names the first offending character in the source between the parameter's start tag and its
         * end tag: a raw character, or the {@code &} of a character reference that produced one.
         */
        private ProtocolException nonAscii(Location afterEndTag) {
            int from = offsetOf(valueLine, valueColumn);
            int to = Math.max(from, offsetOf(afterEndTag.getLineNumber(), afterEndTag.getColumnNumber()));
            int at = -1;
            for (int i = from; i < to && at < 0; i++) {
                char c = xml.charAt(i);
                if (c > 0x7e || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
                    at = i;
                } else if (c == '&' && i + 1 < to && xml.charAt(i + 1) == '#' && referencesUnsupported(i + 2)) {
                    at = i;
                }
            }
            String where = position(at < 0 ? from : at);
            return new ProtocolException(Reason.NON_ASCII, "parameter " + parameter + " at " + where
                    + ": value has a character outside printable ASCII; SPA firmware reads ASCII only");
        }

        private boolean referencesUnsupported(int from) {
            int end = xml.indexOf(';', from);
            if (end < 0) {
                return false;
            }
            try {
                String digits = xml.substring(from, end);
                int code = digits.startsWith("x") ? Integer.parseInt(digits.substring(1), 16) : Integer.parseInt(digits);
                return code > 0x7e || (code < 0x20 && code != '\t' && code != '\n' && code != '\r');
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** The character offset of a 1-based line and column, counting CR LF, CR and LF as line ends like XML. */
        private int offsetOf(int targetLine, int targetColumn) {
            int i = 0;
            for (int l = 1; l < targetLine && i < xml.length(); i++) {
                char c = xml.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= xml.length() || xml.charAt(i + 1) != '\n'))) {
                    l++;
                }
            }
            return Math.min(xml.length(), i + targetColumn - 1);
        }

        private String position(int offset) {
            int l = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                char c = xml.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= xml.length() || xml.charAt(i + 1) != '\n'))) {
                    l++;
                    lineStart = i + 1;
                }
            }
            return "line " + l + ", column " + (offset - lineStart + 1);
        }

        private String readerPosition() {
            Location at = reader == null ? null : reader.getLocation();
            return at == null || at.getLineNumber() < 0 ? "an unknown position"
                    : "line " + at.getLineNumber() + ", column " + at.getColumnNumber();
        }

        private ProtocolException malformed(XMLStreamException e) {
            Location at = e.getLocation();
            String where = at == null || at.getLineNumber() < 0 ? "an unknown position"
                    : "line " + at.getLineNumber() + ", column " + at.getColumnNumber();
            String message = e.getMessage() == null ? "not well-formed" : e.getMessage();
            // The JDK prefixes "ParseError at [row,col]:[l,c]\nMessage: "; the position is given separately.
            int cut = message.indexOf("Message: ");
            if (cut >= 0) {
                message = message.substring(cut + "Message: ".length());
            }
            return new ProtocolException(Reason.MALFORMED_XML, "malformed XML at " + where + ": " + message.strip(), e);
        }

        private static String printable(String name) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < name.length() && i < 64; i++) {
                char c = name.charAt(i);
                out.append(c >= 0x20 && c < 0x7f ? c : '?');
            }
            return out.toString();
        }
    }
}
