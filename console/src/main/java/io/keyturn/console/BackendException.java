package io.keyturn.console;

/** A service answered with a problem (or not at all); the page shows its title and detail. */
public final class BackendException extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;

    public BackendException(int status, String title, String detail) {
        super(status + " " + title + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }
}
