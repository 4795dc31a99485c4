package io.keyturn.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document, the body of every error answer ({@code application/problem+json}). Services
 * reference it in OpenAPI for their 4xx: {@code @Content(mediaType = Problem.MEDIA_TYPE, schema =
 * @Schema(implementation = Problem.class))}.
 */
@Schema(name = "Problem", description = "RFC 9457 problem details")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @Schema(description = "Stable URI of the problem kind", example = "https://keyturn.io/problems/not-found")
        URI type,
        @Schema(description = "Fixed summary of the problem kind") String title,
        @Schema(description = "HTTP status code") int status,
        @Schema(description = "This occurrence, secret-free") String detail,
        @Schema(description = "Path of the request that failed") URI instance,
        @Schema(description = "Correlation id of a 500, also in the server log") String correlationId,
        @Schema(description = "Bean Validation failures") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: its path in the request, and what is wrong with it. */
    @Schema(name = "ProblemFieldError")
    public record FieldError(String field, String message) {
    }

    public static Problem of(ProblemType reason, String detail, URI instance) {
        return new Problem(reason.type(), reason.title(), reason.status(), detail, instance, null, null);
    }
}
