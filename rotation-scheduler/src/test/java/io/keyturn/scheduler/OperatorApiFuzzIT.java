package io.keyturn.scheduler;

import io.keyturn.testsupport.ServiceTestResource;
import io.keyturn.testsupport.contract.OperatorApiFuzzContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;

/** Malformed bodies for every operation of rotation-scheduler's operator API that takes one. */
@QuarkusTest
@WithTestResource(ServiceTestResource.class)
class OperatorApiFuzzIT extends OperatorApiFuzzContract {

    @Override
    protected Map<String, String> pathValues() {
        return Map.of("group", "region/north");
    }
}
