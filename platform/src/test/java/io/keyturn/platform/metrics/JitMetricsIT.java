package io.keyturn.platform.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyturn.testsupport.ServiceTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class JitMetricsIT {

    @Test
    void metricsTellHowLongTheJitHasCompiled() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        // A JVM that has started Quarkus has compiled something: the figure is there and it has grown.
        double compiledMillis = metrics.lines().filter(l -> l.startsWith("jvm_compilation_time_ms_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1).trim())).sum();
        assertTrue(metrics.contains("jvm_compilation_time_ms_total"), "no jvm_compilation_time_ms_total in /q/metrics");
        assertTrue(compiledMillis > 0, "the JIT reports no compilation time: " + compiledMillis);
    }
}
