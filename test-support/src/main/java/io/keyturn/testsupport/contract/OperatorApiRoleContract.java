package io.keyturn.testsupport.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.testsupport.TestIssuer;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Walks a service's OpenAPI document and calls every operation under {@code /api/} and {@code /internal/} with no
 * token (401 problem), with a token of no keyturn role (403 problem), and with each keyturn role its
 * {@link RoleTable} does not admit (403 problem); a read is also called with each role it admits, which must get
 * past the security check (neither 401 nor 403). Writes are only ever called with roles that must be refused, so
 * the walk changes nothing. Extended by each service's {@code OperatorApiRoleWalkIT} with {@code @QuarkusTest} and
 * the service's test resources; an operation the document lists and the table does not (or the other way round)
 * fails the walk, so a new endpoint cannot ship without a decision about who may call it.
 */
public abstract class OperatorApiRoleContract {


    /** Who may call what, one entry per operation of the service's OpenAPI document. */
    protected abstract RoleTable roles();

    /**
     * Values for path parameters by name where the walk's guess would not reach the endpoint's security check; the
     * guess is a MAC for {@code mac}, a UUID for a {@code uuid} format or a name {@code id}, {@code 1} for integers
     * and a plain word otherwise.
     */
    protected Map<String, String> pathValues() {
        return Map.of();
    }

    /**
     * Operations the OpenAPI document cannot list (a Vert.x route in front of JAX-RS) that the walk calls as well,
     * e.g. {@code new Operation("POST", "/api/v1/devices:import", "/api/v1/devices:import", "text/csv")}; the role
     * table covers them like the others.
     */
    protected List<Operation> undocumentedOperations() {
        return List.of();
    }

    /** One operation of the document, with what the walk sends. */
    public record Operation(String method, String path, String url, String contentType) {

        public String name() {
            return method + " " + path;
        }

        boolean safe() {
            return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        }
    }

    @Test
    void hasARoleEntryForEveryOperationOfTheOpenApiDocument() {
        Set<String> found = new TreeSet<>();
        operations().forEach(o -> found.add(o.name()));
        Set<String> uncovered = new TreeSet<>(found);
        uncovered.removeAll(roles().entries().keySet());
        Set<String> stale = new TreeSet<>(roles().entries().keySet());
        stale.removeAll(found);
        assertThat(found).as("operations under /api/ or /internal/ in /q/openapi").isNotEmpty();
        assertThat(uncovered).as("operations the OpenAPI document lists and the role table does not cover").isEmpty();
        assertThat(stale).as("role table entries for operations the OpenAPI document does not list").isEmpty();
    }

    @Test
    void refusesEveryOperationWithoutAToken() {
        List<String> wrong = new ArrayList<>();
        for (Operation o : operations()) {
            expectProblem(wrong, o, "without a token", null, 401);
        }
        assertThat(wrong).as("operations not refused with a 401 problem without a token").isEmpty();
    }

    @Test
    void refusesEveryOperationToATokenWithoutAKeyturnRole() {
        String guest = TestIssuer.get().bearer("walk-no-role");
        List<String> wrong = new ArrayList<>();
        for (Operation o : covered()) {
            if (!entry(o).anyToken()) {
                expectProblem(wrong, o, "with a token of no keyturn role", guest, 403);
            }
        }
        assertThat(wrong).as("operations not refused with a 403 problem to a token of no keyturn role").isEmpty();
    }

    @Test
    void refusesEveryOperationToEachRoleItDoesNotAdmit() {
        List<String> wrong = new ArrayList<>();
        for (Operation o : covered()) {
            RoleTable.Entry entry = entry(o);
            if (entry.write() && o.safe()) {
                wrong.add(o.name() + " is a " + o.method() + " but the table calls it a write");
            }
            if (!entry.write() && !o.safe() && entry.roles().contains(RoleTable.AUDITOR)) {
                // A POST an auditor may call must really change nothing; the table says so with read(...).
                continue;
            }
            for (String role : RoleTable.ROLES) {
                if (!entry.roles().contains(role)) {
                    expectProblem(wrong, o, "with role " + role, TestIssuer.get().bearer("walk-" + role, role), 403);
                }
            }
        }
        assertThat(wrong).as("operations not refused with a 403 problem to a role the table does not admit").isEmpty();
    }

    @Test
    void letsEveryAdmittedRoleRead() {
        List<String> wrong = new ArrayList<>();
        for (Operation o : covered()) {
            RoleTable.Entry entry = entry(o);
            if (entry.write()) {
                continue;
            }
            for (String role : entry.anyToken() ? List.of("") : List.copyOf(entry.roles())) {
                Response r = call(o, role.isEmpty() ? TestIssuer.get().bearer("walk-no-role")
                        : TestIssuer.get().bearer("walk-" + role, role));
                if (r.statusCode() == 401 || r.statusCode() == 403) {
                    wrong.add(o.name() + " with role " + role + ": " + r.statusCode());
                }
            }
        }
        assertThat(wrong).as("reads refused to a role the table admits").isEmpty();
    }

    /** The operations under {@code /api/} and {@code /internal/} of {@code /q/openapi}, in document order. */
    protected final List<Operation> operations() {
        return OpenApiWalk.read(pathValues(), undocumentedOperations()).operations();
    }

    private List<Operation> covered() {
        return operations().stream().filter(o -> roles().entries().containsKey(o.name())).toList();
    }

    private RoleTable.Entry entry(Operation o) {
        return roles().entries().get(o.name());
    }

    private void expectProblem(List<String> wrong, Operation o, String how, String bearer, int status) {
        Response r = call(o, bearer);
        String type = r.contentType();
        if (r.statusCode() != status || type == null || !type.startsWith("application/problem+json")) {
            wrong.add(o.name() + " " + how + ": " + r.statusCode() + " " + type + " (expected " + status
                    + " application/problem+json)");
        }
    }

    private static Response call(Operation o, String bearer) {
        // Paths such as /api/v1/kek:rewrap must reach the server as written (quarkusio/quarkus#32588).
        RequestSpecification request = given().urlEncodingEnabled(false).redirects().follow(false);
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        if (o.contentType() != null) {
            request.contentType(o.contentType()).body(o.contentType().contains("json") ? "{}" : "");
        }
        return request.request(o.method(), o.url());
    }
}
