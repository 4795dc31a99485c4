package io.keyturn.registry;

import static io.keyturn.testsupport.contract.RoleTable.AUDITOR;
import static io.keyturn.testsupport.contract.RoleTable.FLEET_ADMIN;
import static io.keyturn.testsupport.contract.RoleTable.OPERATOR;
import static io.keyturn.testsupport.contract.RoleTable.SERVICE;

import io.keyturn.testsupport.contract.OperatorApiRoleContract;
import io.keyturn.testsupport.contract.RoleTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

/** Who may call each operation of the registry's operator API (README.md, "Endpoints"). */
@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class OperatorApiRoleWalkIT extends OperatorApiRoleContract {

    /** ImportRoute hands it to POST /api/v1/imports before JAX-RS, so the document only knows the latter. */
    @Override
    protected List<Operation> undocumentedOperations() {
        return List.of(new Operation("POST", "/api/v1/devices:import", "/api/v1/devices:import", "text/csv"));
    }

    @Override
    protected RoleTable roles() {
        return RoleTable.builder()
                .anyToken("GET /api/v1/session")
                .write("POST /api/v1/devices", FLEET_ADMIN, OPERATOR)
                .read("GET /api/v1/devices", FLEET_ADMIN, OPERATOR, AUDITOR, SERVICE)
                .read("GET /api/v1/devices/{mac}", FLEET_ADMIN, OPERATOR, AUDITOR, SERVICE)
                .write("PATCH /api/v1/devices/{mac}", FLEET_ADMIN, OPERATOR)
                .write("DELETE /api/v1/devices/{mac}", FLEET_ADMIN, OPERATOR)
                .write("POST /api/v1/imports", FLEET_ADMIN, OPERATOR)
                .write("POST /api/v1/devices:import", FLEET_ADMIN, OPERATOR)
                .read("GET /api/v1/imports/{id}", FLEET_ADMIN, OPERATOR, AUDITOR)
                .write("PUT /api/v1/templates/model/{model}", FLEET_ADMIN)
                .read("GET /api/v1/templates/model/{model}", FLEET_ADMIN, OPERATOR, AUDITOR, SERVICE)
                .write("PUT /api/v1/templates/group/{path}", FLEET_ADMIN)
                .read("GET /api/v1/templates/group/{path}", FLEET_ADMIN, OPERATOR, AUDITOR, SERVICE)
                .build();
    }
}
