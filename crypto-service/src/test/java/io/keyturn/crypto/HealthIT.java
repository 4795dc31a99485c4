package io.keyturn.crypto;

import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.contract.ServiceHealthContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(CryptoKeysResource.class)
class HealthIT extends ServiceHealthContract {

    @Override
    protected String schema() {
        return "crypto";
    }
}
