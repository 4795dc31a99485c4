package io.keyturn.registry.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyturn.registry.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class DevicePagingIT {

    /**
     * 10,000 devices in one tenant, paged 250 at a time while another client keeps registering devices in that
     * tenant: every one of the 10,000 is seen exactly once, in MAC order, and nothing else repeats.
     */
    @Test
    void pagesThroughTenThousandDevicesWithoutDuplicateOrGapWhileDevicesAreAdded() throws Exception {
        String tenant = "paging-" + Fixtures.newMac();
        Set<String> initial = new TreeSet<>();
        StringBuilder csv = new StringBuilder("mac,model,group,tenant\n");
        while (initial.size() < 10_000) {
            String mac = Fixtures.newMac();
            if (initial.add(mac)) {
                csv.append(mac).append(",SPA962,paging/a,").append(tenant).append('\n');
            }
        }
        given().header("Authorization", Fixtures.operator()).contentType("text/csv")
                .body(csv.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .post("/api/v1/devices:import").then().statusCode(202);

        AtomicBoolean paging = new AtomicBoolean(true);
        List<String> added = new ArrayList<>();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<?> adding = writer.submit(() -> {
            while (paging.get()) {
                String mac = Fixtures.newMac();
                given().header("Authorization", Fixtures.operator()).contentType("application/json")
                        .body(java.util.Map.of("mac", mac, "model", "SPA962", "group", "paging/b", "tenant", tenant))
                        .post("/api/v1/devices").then().statusCode(201);
                synchronized (added) {
                    added.add(mac);
                }
            }
        });

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().header("Authorization", Fixtures.auditor()).queryParam("tenant", tenant)
                    .queryParam("limit", 250);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/v1/devices").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.mac", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        paging.set(false);
        adding.get();
        writer.shutdown();

        assertThat(new HashSet<>(seen)).as("no duplicates").hasSameSizeAs(seen);
        assertThat(seen).as("in MAC order").isSorted();
        assertThat(seen).as("no gap").containsAll(initial);
        Set<String> extra = new HashSet<>(seen);
        extra.removeAll(initial);
        synchronized (added) {
            assertThat(added).as("devices were added while paging").isNotEmpty();
            assertThat(added).containsAll(extra);
        }
        assertThat(pages).isGreaterThanOrEqualTo(40);
    }
}
