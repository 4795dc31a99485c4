package io.keyturn.scheduler;

import static io.keyturn.testsupport.contract.RoleTable.AUDITOR;
import static io.keyturn.testsupport.contract.RoleTable.FLEET_ADMIN;
import static io.keyturn.testsupport.contract.RoleTable.OPERATOR;

import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.contract.OperatorApiRoleContract;
import io.keyturn.testsupport.contract.RoleTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;

/** Who may call each operation of rotation-scheduler's operator API. */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class OperatorApiRoleWalkIT extends OperatorApiRoleContract {

    @Override
    protected Map<String, String> pathValues() {
        return Map.of("group", "region/north");
    }

    @Override
    protected RoleTable roles() {
        return RoleTable.builder()
                .anyToken("GET /api/v1/session")
                .write("POST /api/v1/campaigns", FLEET_ADMIN, OPERATOR)
                // A dry run: it counts the devices a campaign would take and starts nothing.
                .read("POST /api/v1/campaigns/preflight", FLEET_ADMIN, OPERATOR, AUDITOR)
                .read("GET /api/v1/campaigns", FLEET_ADMIN, OPERATOR, AUDITOR)
                .read("GET /api/v1/campaigns/{id}", FLEET_ADMIN, OPERATOR, AUDITOR)
                .read("GET /api/v1/campaigns/{id}/devices", FLEET_ADMIN, OPERATOR, AUDITOR)
                .write("POST /api/v1/campaigns/{id}/pause", FLEET_ADMIN, OPERATOR)
                .write("POST /api/v1/campaigns/{id}/resume", FLEET_ADMIN, OPERATOR)
                .write("POST /api/v1/campaigns/{id}/cancel", FLEET_ADMIN, OPERATOR)
                .write("POST /api/v1/devices/{mac}/rotations", FLEET_ADMIN, OPERATOR)
                .read("GET /api/v1/policies", FLEET_ADMIN, OPERATOR, AUDITOR)
                .read("GET /api/v1/policies/{group}", FLEET_ADMIN, OPERATOR, AUDITOR)
                .write("PUT /api/v1/policies/{group}", FLEET_ADMIN)
                .write("DELETE /api/v1/policies/{group}", FLEET_ADMIN)
                .build();
    }
}
