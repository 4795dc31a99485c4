package io.keyturn.simulator;

import java.time.Instant;
import java.util.Objects;

/**
 * One syslog message of a resync, macro-expanded from Log_Resync_Request_Msg, Log_Resync_Success_Msg
 * or Log_Resync_Failure_Msg (spa-protocol.md §5.1). {@code GPP_SA..SD} never expand outside a
 * {@code --key}, so a line never holds a key kept there; a key in GPP_A would appear only if an
 * operator put {@code $A} into a message template, as on a real unit.
 *
 * @param mac the unit that sent it, 12 lowercase hex digits
 */
public record SyslogLine(Instant at, String mac, Kind kind, String message) {

    /** Which template the line came from. */
    public enum Kind {
        /** Log_Resync_Request_Msg, before each fetch. */
        REQUEST,
        /** Log_Resync_Success_Msg, after each fetched file was applied. */
        SUCCESS,
        /** Log_Resync_Failure_Msg, when a resync fails. */
        FAILURE
    }

    public SyslogLine {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** {@code 2026-01-01T00:00:40Z SPA962 00:0e:08:aa:bb:cc -- Requesting resync ...}. */
    @Override
    public String toString() {
        return at + " " + message;
    }
}
