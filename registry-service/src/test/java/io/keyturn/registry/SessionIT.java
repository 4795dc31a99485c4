package io.keyturn.registry;

import io.keyturn.testsupport.contract.ServiceSessionContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class SessionIT extends ServiceSessionContract {
}
