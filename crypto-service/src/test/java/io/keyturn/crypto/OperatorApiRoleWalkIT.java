package io.keyturn.crypto;

import static io.keyturn.testsupport.contract.RoleTable.AUDITOR;
import static io.keyturn.testsupport.contract.RoleTable.FLEET_ADMIN;
import static io.keyturn.testsupport.contract.RoleTable.OPERATOR;
import static io.keyturn.testsupport.contract.RoleTable.SERVICE;

import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.contract.OperatorApiRoleContract;
import io.keyturn.testsupport.contract.RoleTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call each operation of crypto-service's operator and internal API. */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(CryptoKeysResource.class)
class OperatorApiRoleWalkIT extends OperatorApiRoleContract {

    @Override
    protected RoleTable roles() {
        return RoleTable.builder()
                .anyToken("GET /api/v1/session")
                .write("POST /api/v1/groups:rerender", FLEET_ADMIN, OPERATOR)
                .write("POST /api/v1/kek:rewrap", FLEET_ADMIN)
                .read("GET /api/v1/kek:rewrap/{id}", FLEET_ADMIN, OPERATOR, AUDITOR)
                .read("GET /api/v1/devices/{mac}/chain", FLEET_ADMIN, OPERATOR, AUDITOR)
                .write("POST /api/v1/devices/{mac}/bootstrap:rearm", FLEET_ADMIN, OPERATOR)
                .write("POST /api/v1/devices/{mac}/chain:rerender", FLEET_ADMIN, OPERATOR)
                .read("GET /internal/v1/bootstrap/{mac}", SERVICE)
                .build();
    }
}
