package io.keyturn.simulator;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a resync failed, at which rule and URL. {@link #err()} is the {@code $ERR} text the failure
 * syslog line carries. Details never hold key material: they are reason codes, HTTP statuses and
 * network errors.
 *
 * @param rule the parameter whose rule failed, e.g. {@code Profile_Rule_B}
 * @param url the URL being fetched, when the failure happened at a fetch
 */
public record ResyncFailure(Kind kind, String rule, Optional<String> url, String detail) {

    /** The ways a resync step fails (spa-protocol.md §1.5, §5.4). */
    public enum Kind {
        /** No answer from the server, or the unit is offline ("server unreachable" on the SPA9x2 LED). */
        UNREACHABLE("server unreachable"),
        /** The server has no such file, and Resync_Fails_On_FNF is Yes. */
        FILE_NOT_FOUND("file not found"),
        /** The file did not decrypt with the {@code --key}, or is not a flat profile: nothing applied. */
        CORRUPT("corrupt file"),
        /** The server answered with an error other than not-found (HTTP 5xx, 403, a TLS refusal). */
        SERVER_ERROR("server error"),
        /** The rule itself cannot be evaluated: it does not parse, or expands to no usable URL. */
        BAD_RULE("bad rule");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** The words the {@code $ERR} text starts with. */
        public String text() {
            return text;
        }
    }

    public ResyncFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(detail, "detail");
    }

    /** The {@code $ERR} text: {@code corrupt file (wrong-key)}. */
    public String err() {
        return detail.isEmpty() ? kind.text() : kind.text() + " (" + detail + ")";
    }
}
