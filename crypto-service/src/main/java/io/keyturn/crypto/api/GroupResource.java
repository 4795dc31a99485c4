package io.keyturn.crypto.api;

import io.keyturn.crypto.domain.ChainWorkflow;
import io.keyturn.platform.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;

/** Re-renders every device of a group (after an operator fixed something a template cannot express). */
@Path("/api/v1")
public class GroupResource {

    private static final Pattern GROUP =
            Pattern.compile("(?=.{1,255}$)(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+(/(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+)*");

    private final ChainWorkflow workflow;

    @Inject
    public GroupResource(ChainWorkflow workflow) {
        this.workflow = workflow;
    }

    @POST
    @Path("groups:rerender")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"fleet-admin", "operator"})
    @Transactional
    public GroupRerenderView rerender(GroupRerenderRequest request) {
        if (request == null || request.group() == null || !GROUP.matcher(request.group()).matches()) {
            throw new ProblemException(CryptoProblem.INVALID_GROUP, "group must be /-separated segments of letters,"
                    + " digits, . _ - (no . or .. segment)");
        }
        return new GroupRerenderView(request.group(), workflow.rerenderGroup(request.group()));
    }
}
