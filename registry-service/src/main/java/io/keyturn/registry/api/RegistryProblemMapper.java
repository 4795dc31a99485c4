package io.keyturn.registry.api;

import io.keyturn.platform.problem.Problem;
import io.keyturn.platform.problem.ProblemType;
import io.keyturn.registry.domain.RegistryException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The registry's domain refusals as RFC 9457 problems, one type per {@link RegistryException.Reason}. */
public class RegistryProblemMapper {

    private static final Map<RegistryException.Reason, ProblemType> TYPES = new EnumMap<>(RegistryException.Reason.class);

    static {
        for (RegistryException.Reason r : RegistryException.Reason.values()) {
            ProblemType.Definition definition = new ProblemType.Definition(r.code(), r.title(), r.status());
            TYPES.put(r, () -> definition);
        }
    }

    static ProblemType type(RegistryException.Reason reason) {
        return TYPES.get(reason);
    }

    @ServerExceptionMapper
    public Response refused(RegistryException e, UriInfo uri) {
        Problem problem = Problem.of(type(e.reason()), e.getMessage(), URI.create(uri.getRequestUri().getRawPath()));
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
