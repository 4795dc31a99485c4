package io.keyturn.delivery;

import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.contract.OperatorApiRoleContract;
import io.keyturn.testsupport.contract.RoleTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Who may call each operation of delivery-service's API. Devices fetch over plain HTTP, HTTPS and TFTP outside
 * {@code /api/}; the operator API is platform's session endpoint and the TLS identity reports (read-only).
 */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(DeliveryTestResource.class)
class OperatorApiRoleWalkIT extends OperatorApiRoleContract {

    @Override
    protected RoleTable roles() {
        return RoleTable.builder()
                .anyToken("GET /api/v1/session")
                .read("GET /api/v1/tls/device-cas", "fleet-admin", "operator", "auditor")
                .read("GET /api/v1/tls/server-certificate", "fleet-admin", "operator", "auditor")
                .build();
    }
}
