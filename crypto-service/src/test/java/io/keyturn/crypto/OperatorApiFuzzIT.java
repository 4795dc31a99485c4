package io.keyturn.crypto;

import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.contract.OperatorApiFuzzContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Malformed bodies for every operation of crypto-service's operator and internal API that takes one. */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
@WithTestResource(CryptoKeysResource.class)
class OperatorApiFuzzIT extends OperatorApiFuzzContract {
}
