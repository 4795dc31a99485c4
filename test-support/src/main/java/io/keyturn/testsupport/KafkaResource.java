package io.keyturn.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points every Kafka channel at this JVM's {@link TestKafka}; the broker outlives each Quarkus start. */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return config();
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM: TestKafka stops at exit.
    }

    static Map<String, String> config() {
        return Map.of("kafka.bootstrap.servers", TestKafka.get().bootstrapServers());
    }
}
