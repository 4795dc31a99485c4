package io.keyturn.registry;

import io.keyturn.testsupport.contract.ServiceHealthContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class HealthIT extends ServiceHealthContract {

    @Override
    protected String schema() {
        return "registry";
    }
}
