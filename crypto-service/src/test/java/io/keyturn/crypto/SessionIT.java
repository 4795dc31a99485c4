package io.keyturn.crypto;

import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.contract.ServiceSessionContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(CryptoKeysResource.class)
class SessionIT extends ServiceSessionContract {
}
