package io.keyturn.delivery;

import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.contract.OperatorApiRoleContract;
import io.keyturn.testsupport.contract.RoleTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Who may call each operation of delivery-service's API. Devices fetch over plain HTTP, HTTPS and TFTP outside
 * {@code /api/}; the operator API is platform's session endpoint alone.
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(DeliveryTestResource.class)
class OperatorApiRoleWalkIT extends OperatorApiRoleContract {

    @Override
    protected RoleTable roles() {
        return RoleTable.builder()
                .anyToken("GET /api/v1/session")
                .build();
    }
}
