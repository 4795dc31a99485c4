package io.keyturn.crypto.domain;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every rendered file shares: where devices fetch from, which GPP parameters hold the key and the directory,
 * and the resync timers.
 *
 * @param host the provisioning host in every plain rule (delivery-service's HTTP and TFTP as devices resolve it)
 * @param httpsHost the host[:port] of delivery-service's client-authenticated HTTPS listener, for the mTLS bootstrap
 *     and recovery URLs (and an https chain); by default {@code host} without its port, i.e. port 443
 * @param chainScheme the chain rule's scheme: {@code http}, {@code https} or {@code tftp}
 * @param keyLetter the GPP letter holding the key: {@code A} (Cisco's SEC-PRV-2) or {@code SA} (hidden from the
 *     web UI and syslog, spa-protocol.md §3)
 * @param directoryLetter the GPP letter holding the directory, {@code B} by default; never SA..SD, which expand
 *     only inside {@code --key}
 * @param resyncPeriodic seconds between resyncs ({@code Resync_Periodic}, a back-off list is allowed)
 * @param resyncErrorRetryDelay seconds before a retry after a failed resync
 * @param gzip whether encrypted files are gzipped before encryption
 */
public record RenderSettings(String host, String httpsHost, String chainScheme, String keyLetter, String directoryLetter,
        String resyncPeriodic, String resyncErrorRetryDelay, boolean gzip) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?");
    private static final Pattern LETTER = Pattern.compile("[A-P]|S[A-D]");
    private static final Pattern TIMER = Pattern.compile("[0-9]{1,7}(,[0-9]{1,7})*");
    private static final Set<String> SCHEMES = Set.of("http", "https", "tftp");

    public RenderSettings {
        Objects.requireNonNull(host, "host");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("the provisioning host must be a host name with an optional port");
        }
        Objects.requireNonNull(httpsHost, "httpsHost");
        if (!HOST.matcher(httpsHost).matches()) {
            throw new IllegalArgumentException("the provisioning HTTPS host must be a host name with an optional port");
        }
        if (!SCHEMES.contains(chainScheme)) {
            throw new IllegalArgumentException("the chain scheme must be http, https or tftp, not " + chainScheme);
        }
        if (keyLetter == null || !LETTER.matcher(keyLetter).matches()) {
            throw new IllegalArgumentException("the key letter must be A..P or SA..SD, not " + keyLetter);
        }
        if (directoryLetter == null || !directoryLetter.matches("[A-P]")) {
            throw new IllegalArgumentException("the directory letter must be A..P (SA..SD expand only inside --key),"
                    + " not " + directoryLetter);
        }
        if (keyLetter.equals(directoryLetter)) {
            throw new IllegalArgumentException("the key and the directory need two different GPP letters");
        }
        if (!TIMER.matcher(resyncPeriodic).matches() || !TIMER.matcher(resyncErrorRetryDelay).matches()) {
            throw new IllegalArgumentException("resync timers are seconds, or a comma-separated back-off list");
        }
    }

    /** Settings whose HTTPS host is {@code host} on the default port 443. */
    public RenderSettings(String host, String chainScheme, String keyLetter, String directoryLetter,
            String resyncPeriodic, String resyncErrorRetryDelay, boolean gzip) {
        this(host, withoutPort(host), chainScheme, keyLetter, directoryLetter, resyncPeriodic, resyncErrorRetryDelay,
                gzip);
    }

    private static String withoutPort(String host) {
        Objects.requireNonNull(host, "host");
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** The host a URL of {@code scheme} names: the HTTPS listener for https, the plain one otherwise. */
    public String hostFor(String scheme) {
        return scheme.equals("https") ? httpsHost : host;
    }

    public static RenderSettings defaults(String host) {
        return new RenderSettings(host, "http", "A", "B", "3600", "600", true);
    }

    public String keyParameter() {
        return "GPP_" + keyLetter;
    }

    public String directoryParameter() {
        return "GPP_" + directoryLetter;
    }
}
