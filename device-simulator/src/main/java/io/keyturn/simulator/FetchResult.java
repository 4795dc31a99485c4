package io.keyturn.simulator;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ProfileTransport} got: the file's bytes, or why there are none. The device maps
 * {@link Status#NOT_FOUND} through Resync_Fails_On_FNF, and the others to failures of their kind.
 */
public final class FetchResult {

    /** How a fetch ended. */
    public enum Status {
        /** The server sent the file. */
        FOUND,
        /** The server said it has no such file (HTTP 404/410, TFTP error 1). */
        NOT_FOUND,
        /** No answer: connection refused or timed out, name not resolved, the unit offline. */
        UNREACHABLE,
        /** Any other refusal: an HTTP error status, a TLS failure, a TFTP error other than not-found. */
        FAILED
    }

    private final Status status;
    private final byte[] body;
    private final String detail;

    private FetchResult(Status status, byte[] body, String detail) {
        this.status = status;
        this.body = body;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    /** The server sent {@code body}. */
    public static FetchResult found(byte[] body) {
        return new FetchResult(Status.FOUND, body.clone(), "");
    }

    /** The server has no such file; {@code detail} says how it said so ({@code http 404}). */
    public static FetchResult notFound(String detail) {
        return new FetchResult(Status.NOT_FOUND, null, detail);
    }

    /** The server could not be reached. */
    public static FetchResult unreachable(String detail) {
        return new FetchResult(Status.UNREACHABLE, null, detail);
    }

    /** The server refused in another way. */
    public static FetchResult failed(String detail) {
        return new FetchResult(Status.FAILED, null, detail);
    }

    /** How the fetch ended. */
    public Status status() {
        return status;
    }

    /** A copy of the file, when found. */
    public Optional<byte[]> body() {
        return Optional.ofNullable(body).map(byte[]::clone);
    }

    /** The file without copying, for the device that owns this result. */
    byte[] bodyUnsafe() {
        return body;
    }

    /** What went wrong, for {@code $ERR}; empty when found. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return status == Status.FOUND ? "FetchResult[FOUND, " + body.length + " bytes]"
                : "FetchResult[" + status + ", " + detail + "]";
    }
}
