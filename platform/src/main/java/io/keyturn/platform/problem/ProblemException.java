package io.keyturn.platform.problem;

import java.util.Objects;

/**
 * Base of every exception that should reach a REST caller as a problem. The message is the problem's
 * {@code detail}, so it must be secret-free: name the device or the path, never a key or a request body.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType reason;

    public ProblemException(ProblemType reason, String detail) {
        super(detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ProblemException(ProblemType reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ProblemType reason() {
        return reason;
    }
}
