package io.keyturn.registry;

import io.keyturn.testsupport.contract.OperatorApiFuzzContract;
import io.keyturn.testsupport.contract.OperatorApiRoleContract.Operation;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;

/** Malformed bodies for every operation of the registry's operator API that takes one (imports included). */
@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class OperatorApiFuzzIT extends OperatorApiFuzzContract {

    @Override
    protected List<Operation> undocumentedOperations() {
        return List.of(new Operation("POST", "/api/v1/devices:import", "/api/v1/devices:import", "text/csv"));
    }
}
