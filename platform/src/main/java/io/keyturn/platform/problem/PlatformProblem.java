package io.keyturn.platform.problem;

/** The problems every service can answer before its own code runs, or when that code fails unexpectedly. */
public enum PlatformProblem implements ProblemType {
    VALIDATION_FAILED("validation-failed", "Request is not valid", 400),
    MALFORMED_REQUEST("malformed-request", "Request could not be read", 400),
    UNAUTHENTICATED("unauthenticated", "Authentication required", 401),
    FORBIDDEN("forbidden", "Not allowed", 403),
    NOT_FOUND("not-found", "Resource not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "Response media type not available", 406),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    HTTP_ERROR("http-error", "Request failed", 400),
    INTERNAL_ERROR("internal-error", "Internal error", 500);

    private final Definition definition;

    PlatformProblem(String code, String title, int status) {
        this.definition = new Definition(code, title, status);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    /** The platform problem for a status JAX-RS or Vert.x produced on its own; unknown 4xx give {@link #HTTP_ERROR}. */
    public static PlatformProblem forStatus(int status) {
        for (PlatformProblem p : values()) {
            if (p.status() == status && p != VALIDATION_FAILED && p != HTTP_ERROR) {
                return p;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : HTTP_ERROR;
    }
}
