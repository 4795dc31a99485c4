package io.keyturn.testsupport.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.keyturn.devidentity.DevIssuer;
import io.keyturn.testsupport.TestIssuer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every keyturn service promises about bearer tokens: the dev issuer's are accepted, a missing or
 * forged one is refused with a problem+json 401. Extended by each service's test with {@code @QuarkusTest
 * @WithTestResource(ServiceTestResource.class)}.
 */
public abstract class ServiceSessionContract {

    @Test
    void tellsTheSubjectAndRolesOfAnAcceptedToken() {
        given().header("Authorization", TestIssuer.get().bearer("alice", "operator", "auditor"))
                .get("/api/v1/session")
                .then().statusCode(200)
                .body("subject", is("alice"))
                .body("roles", contains("auditor", "operator"));
    }

    @Test
    void refusesARequestWithoutAToken() {
        given().get("/api/v1/session").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    void refusesATokenFromAnotherIssuerKey() throws Exception {
        String forged = DevIssuer.create(Files.createTempDirectory("other-issuer"))
                .mint("mallory", List.of("fleet-admin"), Duration.ofMinutes(5));
        given().header("Authorization", "Bearer " + forged).get("/api/v1/session").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }
}
