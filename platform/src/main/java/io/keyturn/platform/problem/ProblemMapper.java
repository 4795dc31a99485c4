package io.keyturn.platform.problem;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become {@code application/problem+json} answers (HOUSE-STYLE.md, Errors). No
 * detail ever quotes a request body or an exception message we did not write ourselves: those may hold key material.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return answer(Problem.of(e.reason(), e.getMessage(), instance(uri)));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        PlatformProblem reason = PlatformProblem.VALIDATION_FAILED;
        return answer(new Problem(reason.type(), reason.title(), reason.status(),
                errors.size() == 1 ? "1 field is not valid" : errors.size() + " fields are not valid",
                instance(uri), null, errors));
    }

    /** Also replaces quarkus-rest-jackson's own mapper, which answers plain JSON and quotes Jackson's message. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JacksonException e, UriInfo uri) {
        String detail = "The request body is not valid JSON";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            // Field names come from our own DTOs, never from the value that failed.
            detail = "The request body does not fit at " + m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        return answer(Problem.of(PlatformProblem.MALFORMED_REQUEST, detail, instance(uri)));
    }

    /** No token, or (with proactive authentication) a token that failed verification: 401 with a Bearer challenge. */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        // Never the exception's text: a failed verification may quote the token.
        Problem problem = Problem.of(PlatformProblem.UNAUTHENTICATED,
                "A bearer token from the configured issuer is required", instance(uri));
        return Response.status(401).header("WWW-Authenticate", "Bearer").type(Problem.MEDIA_TYPE).entity(problem)
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return answer(Problem.of(PlatformProblem.FORBIDDEN, "The token's roles do not allow this operation",
                instance(uri)));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        PlatformProblem reason = PlatformProblem.forStatus(status);
        // JAX-RS' own messages ("HTTP 404 Not Found") say nothing the title does not; the status stays JAX-RS'.
        return answer(new Problem(reason.type(), reason.title(), status, reason.title(), instance(uri), null, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String correlationId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, correlation id %s, on %s", correlationId, instance(uri));
        PlatformProblem reason = PlatformProblem.INTERNAL_ERROR;
        return answer(new Problem(reason.type(), reason.title(), reason.status(),
                "An unexpected error occurred; quote correlation id " + correlationId,
                instance(uri), correlationId, null));
    }

    static Response answer(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static URI instance(UriInfo uri) {
        // The path only: a query string may carry a token.
        return uri == null ? null : URI.create(uri.getRequestUri().getRawPath());
    }

    /** {@code register.arg0.mac} → {@code mac}: the parameter path means nothing to a caller. */
    static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        if (parts.length >= 3) {
            return String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
        }
        return parts[parts.length - 1];
    }
}
