package io.keyturn.events.delivery;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a fetch of a served file ended. */
public enum FetchResult {
    /** The whole file was sent (for TFTP: the last block was acknowledged). */
    COMPLETED("completed"),
    /** The device already had this file ({@code 304 Not Modified}); nothing was sent. */
    NOT_MODIFIED("not-modified"),
    /** The transfer started but did not finish (the client went away, or TFTP timed out). */
    ABORTED("aborted");

    private final String code;

    FetchResult(String code) {
        this.code = code;
    }

    /** The JSON value, e.g. {@code completed}. */
    @JsonValue
    public String code() {
        return code;
    }
}
