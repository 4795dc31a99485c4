package io.keyturn.platform.problem;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.keyturn.testsupport.ServiceTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class ProblemMapperIT {

    private static ValidatableResponse isProblem(ValidatableResponse r, int status, String code) {
        return r.statusCode(status)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", is("https://keyturn.io/problems/" + code))
                .body("status", is(status));
    }

    @Test
    void answersAServiceReasonWithItsTypeTitleAndStatus() {
        isProblem(given().get("/probe/devices/000e08aabbcc").then(), 404, "device-not-found")
                .body("title", is("Device not found"))
                .body("detail", is("no device 000e08aabbcc"))
                .body("instance", is("/probe/devices/000e08aabbcc"));
    }

    @Test
    void listsEachInvalidFieldOfABody() {
        isProblem(given().contentType("application/json").body("{\"mac\":\"XYZ\",\"version\":0}")
                .post("/probe/devices").then(), 400, "validation-failed")
                .body("errors", hasSize(2))
                .body("errors[0].field", is("mac"))
                .body("errors[1].field", is("version"))
                .body("errors[1].message", containsString("1"));
    }

    @Test
    void namesAnInvalidQueryParameter() {
        isProblem(given().queryParam("limit", 0).get("/probe/devices").then(), 400, "validation-failed")
                .body("errors[0].field", is("limit"));
    }

    @Test
    void answersMalformedJsonWithoutEchoingTheBody() {
        isProblem(given().contentType("application/json").body("{\"mac\": \"s3cr3t-passphrase")
                .post("/probe/devices").then(), 400, "malformed-request")
                .body(not(containsString("s3cr3t")));
    }

    @Test
    void namesTheFieldOfAWronglyTypedValue() {
        isProblem(given().contentType("application/json").body("{\"mac\":\"000e08aabbcc\",\"version\":\"s3cr3t\"}")
                .post("/probe/devices").then(), 400, "malformed-request")
                .body("detail", containsString("version"))
                .body(not(containsString("s3cr3t")));
    }

    @Test
    void answersUnknownPathsMethodsAndMediaTypes() {
        isProblem(given().get("/probe/nothing-here").then(), 404, "not-found");
        isProblem(given().delete("/probe/devices").then(), 405, "method-not-allowed");
        isProblem(given().contentType("text/plain").body("x").post("/probe/devices").then(), 415,
                "unsupported-media-type");
    }

    @Test
    void answersAMissingTokenWithA401ProblemAndABearerChallenge() {
        isProblem(given().get("/probe/admin").then(), 401, "unauthenticated")
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    void answersAForgedTokenWithA401ProblemThatDoesNotQuoteIt() throws Exception {
        String forged = io.keyturn.devidentity.DevIssuer.create(java.nio.file.Files.createTempDirectory("forger"))
                .mint("mallory", java.util.List.of("fleet-admin"), java.time.Duration.ofMinutes(5));
        String body = isProblem(given().header("Authorization", "Bearer " + forged).get("/probe/admin").then(), 401,
                "unauthenticated").extract().asString();
        org.assertj.core.api.Assertions.assertThat(body).doesNotContain(forged.substring(forged.lastIndexOf('.') + 1));
    }

    @Test
    void answersAWrongRoleWithA403Problem() {
        isProblem(given().header("Authorization", io.keyturn.testsupport.TestIssuer.get().bearer("audrey", "auditor"))
                .get("/probe/admin").then(), 403, "forbidden");
        given().header("Authorization", io.keyturn.testsupport.TestIssuer.get().bearer("fran", "fleet-admin"))
                .get("/probe/admin").then().statusCode(200);
    }

    @Test
    void answersAnOversizedBodyWith413() {
        String big = "{\"mac\":\"" + "a".repeat(20_000) + "\",\"version\":1}";
        isProblem(given().contentType("application/json").body(big).post("/probe/devices").then(), 413,
                "payload-too-large");
    }

    @Test
    void cutsOffAChunkedBodyThatOutgrowsTheLimitWhileItIsRead() {
        java.io.InputStream endless = new java.io.InputStream() {
            private long sent;

            @Override
            public int read() {
                return sent++ == 0 ? '{' : sent < 40_000 ? ' ' : -1;
            }
        };
        isProblem(given().contentType("application/json").body(endless).post("/probe/devices").then(), 413,
                "payload-too-large");
    }

    @Test
    void holdsARouteToItsOwnLimit() {
        given().contentType("application/octet-stream").body(new byte[40_000]).post("/probe/uploads").then()
                .statusCode(200).body(is("40000"));
        isProblem(given().contentType("application/octet-stream").body(new byte[50_000]).post("/probe/uploads")
                .then(), 413, "payload-too-large");
        java.io.InputStream chunked = new java.io.ByteArrayInputStream(new byte[50_000]) {
        };
        isProblem(given().contentType("application/octet-stream").body(chunked).post("/probe/uploads").then(), 413,
                "payload-too-large");
    }

    @Test
    void hidesTheCauseOfAnUnexpectedErrorBehindACorrelationId() {
        String body = isProblem(given().get("/probe/boom").then(), 500, "internal-error")
                .body("correlationId", org.hamcrest.Matchers.notNullValue())
                .extract().asString();
        assertThat(body).doesNotContain("00112233").doesNotContain("IllegalState").contains("correlation id");
    }

    @Test
    void publishesTheProblemSchemaForReferencedErrors() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("components.schemas.Problem.properties.type.format", is("uri"))
                .body("paths.'/probe/devices/{mac}'.get.responses.'404'.content.'application/problem+json'.schema.$ref",
                        is("#/components/schemas/Problem"));
    }
}
