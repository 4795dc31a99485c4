package io.keyturn.protocol.rule;

import io.keyturn.protocol.ProtocolException;
import java.util.Objects;
import java.util.Optional;

/**
 * The URL of an alternative, {@code [scheme://][server[:port]]filepath} with macros (spa-protocol.md
 * §1.3): tftp when no scheme is named, the DHCP option 66 server when no server is, default ports
 * 69/80/443, a mandatory absolute file path, and an optional query string.
 *
 * <p>What can be checked before expansion is checked when the URL is built (a literal scheme must be
 * tftp, http or https; a literal port 1..65535; a path must start with {@code /} unless a GPP-like
 * macro may still supply it). The rest is checked by {@link #resolve} on the expanded text. Host
 * names are letters, digits, {@code .}, {@code -} and {@code _}; IPv6 literals are not supported
 * (their brackets would collide with the options bracket, and SPA firmware has no IPv6).
 */
public record RuleUrl(MacroTemplate template) {

    /** Stands for a macro that may expand to URL structure: anything may be there. */
    private static final char WILDCARD = '\uE000';
    /** Stands for a macro that expands to a plain word (a MAC, a version, a number). */
    private static final char WORD = '\uE001';

    private record Parts(UrlScheme scheme, String host, int port, String path, String query) {
    }

    public RuleUrl {
        Objects.requireNonNull(template, "template");
        String problem = problemWith(template);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A URL of this (unexpanded) text. */
    public static RuleUrl of(String url) {
        return new RuleUrl(MacroTemplate.parse(url));
    }

    /** Why this template can never be a valid URL, or null. Shared with the parser. */
    static String problemWith(MacroTemplate template) {
        String s = template.source();
        if (s.isEmpty()) {
            return "a URL cannot be empty";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (RuleText.isWhitespace(c) || c == '"' || c == '|') {
                return "a URL cannot contain " + (c == '"' ? "a double quote" : c == '|' ? "'|'" : "whitespace");
            }
        }
        try {
            split(shape(template), true);
            return null;
        } catch (IllegalArgumentException e) {
            // The checks saw stand-ins; show them to the operator as what they were.
            return e.getMessage().replace("\\ue000", "$MACRO").replace("\\ue001", "$MACRO");
        }
    }

    /** The template with each macro replaced by a stand-in character, for the checks before expansion. */
    private static String shape(MacroTemplate template) {
        if (template.isLiteral()) {
            return template.expand(m -> "");
        }
        return template.expand(m -> String.valueOf(m.mayHoldUrlStructure() ? WILDCARD : WORD));
    }

    /**
     * Expands the URL and resolves it to what the device fetches.
     *
     * @param dhcpServer the DHCP option 66 server, used when the URL names none; may be null
     * @throws ProtocolException {@code MALFORMED_URL} when the expanded text is not a URL, {@code NO_SERVER}
     *     when it names no server and {@code dhcpServer} is null
     */
    public FetchTarget resolve(MacroValues values, String dhcpServer) {
        String expanded = template.expand(values, MacroScope.ORDINARY);
        Parts parts;
        try {
            parts = split(expanded, false);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ProtocolException.Reason.MALFORMED_URL,
                    "the URL " + quoteUrl(template.source()) + " expands to " + quoteUrl(expanded) + ": " + e.getMessage());
        }
        UrlScheme scheme = parts.scheme == null ? UrlScheme.TFTP : parts.scheme;
        String host = parts.host;
        boolean fromDhcp = host == null;
        if (fromDhcp) {
            if (dhcpServer == null || dhcpServer.isEmpty()) {
                throw new ProtocolException(ProtocolException.Reason.NO_SERVER, "the URL " + quoteUrl(expanded)
                        + " names no server and the device knows no DHCP option 66 server");
            }
            host = dhcpServer;
        }
        int port = parts.port < 0 ? scheme.defaultPort() : parts.port;
        return new FetchTarget(scheme, host, port, parts.path, Optional.ofNullable(parts.query), fromDhcp);
    }

    private static String quoteUrl(String url) {
        return url.length() <= 40 ? RuleText.quoteForMessage(url) : RuleText.quoteForMessage(url) + " (" + url.length() + " characters)";
    }

    /**
     * Splits {@code [scheme://][server[:port]]path[?query]}. When {@code lenient}, stand-in characters
     * mark macros not yet expanded, and only what they cannot change is checked.
     *
     * @throws IllegalArgumentException with the reason the text is not a URL
     */
    private static Parts split(String s, boolean lenient) {
        UrlScheme scheme = null;
        int restStart = 0;
        int sep = s.indexOf("://");
        if (sep == 0) {
            throw new IllegalArgumentException("'://' needs a scheme before it (tftp, http or https)");
        }
        if (sep > 0 && isSchemeText(s, sep)) {
            String name = s.substring(0, sep);
            if (!(lenient && hasStandIn(name))) {
                scheme = UrlScheme.byName(name).orElseThrow(() -> new IllegalArgumentException(
                        "unknown scheme " + RuleText.quoteForMessage(name) + "; use tftp, http or https"));
            }
            restStart = sep + 3;
        }
        int slash = s.indexOf('/', restStart);
        int question = s.indexOf('?', restStart);
        if (slash < 0 || (question >= 0 && question < slash)) {
            int end = question >= 0 ? question : s.length();
            if (lenient && s.substring(restStart, end).indexOf(WILDCARD) >= 0) {
                return new Parts(scheme, null, -1, "/", null);
            }
            throw new IllegalArgumentException(
                    "no absolute file path; a URL is [scheme://][server[:port]]/path, e.g. tftp.example.com/spa962.cfg");
        }
        String authority = s.substring(restStart, slash);
        String host = null;
        int port = -1;
        if (!authority.isEmpty()) {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            if (host.isEmpty()) {
                throw new IllegalArgumentException("a port needs a server before it");
            }
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (!(RuleText.isLetter(c) || RuleText.isDigit(c) || c == '.' || c == '-' || c == '_'
                        || (lenient && isStandIn(c)))) {
                    throw new IllegalArgumentException("the server " + RuleText.quoteForMessage(host)
                            + " is not a host name (letters, digits, '.', '-', '_')");
                }
            }
            if (colon >= 0) {
                port = port(authority.substring(colon + 1), lenient);
            }
        }
        int pathEnd = question >= 0 ? question : s.length();
        String path = s.substring(slash, pathEnd);
        String query = question >= 0 ? s.substring(question + 1) : null;
        return new Parts(scheme, host, port, path, query);
    }

    private static int port(String text, boolean lenient) {
        if (lenient && hasStandIn(text) && !text.isEmpty()) {
            for (int i = 0; i < text.length(); i++) {
                if (!(RuleText.isDigit(text.charAt(i)) || isStandIn(text.charAt(i)))) {
                    throw new IllegalArgumentException("the port " + RuleText.quoteForMessage(text) + " is not a number");
                }
            }
            return -1;
        }
        int value = 0;
        if (text.isEmpty() || text.length() > 5) {
            throw new IllegalArgumentException("the port " + RuleText.quoteForMessage(text) + " is not 1..65535");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!RuleText.isDigit(c)) {
                throw new IllegalArgumentException("the port " + RuleText.quoteForMessage(text) + " is not 1..65535");
            }
            value = value * 10 + (c - '0');
        }
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("the port " + RuleText.quoteForMessage(text) + " is not 1..65535");
        }
        return value;
    }

    private static boolean isSchemeText(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (!(RuleText.isLetter(c) || isStandIn(c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStandIn(char c) {
        return c == WILDCARD || c == WORD;
    }

    private static boolean hasStandIn(String s) {
        return s.indexOf(WILDCARD) >= 0 || s.indexOf(WORD) >= 0;
    }

    /** The URL as written. */
    public String format() {
        return template.source();
    }

    @Override
    public String toString() {
        return format();
    }
}
