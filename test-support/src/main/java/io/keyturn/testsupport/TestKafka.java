package io.keyturn.testsupport;

import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * The one Kafka broker of this test JVM: Kafka's own KRaft test kit, in process, with a separate controller so
 * that the broker can be stopped and started again under running clients (it keeps its port). The contract
 * topics are created up front; auto-creation stays on for topics a test makes up.
 */
public final class TestKafka {

    private static TestKafka instance;

    private final KafkaClusterTestKit cluster;

    private TestKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** The shared broker, started by the first caller. */
    public static synchronized TestKafka get() {
        if (instance == null) {
            instance = startNew();
        }
        return instance;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Stops the broker (the controller stays up); clients see it gone until {@link #startBroker()}. */
    public synchronized void stopBroker() {
        broker().shutdown();
        broker().awaitShutdown();
    }

    /** Starts the stopped broker again on the same port, with its data. */
    public synchronized void startBroker() {
        broker().startup();
        try {
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("the test Kafka broker did not come back: " + e.getMessage(), e);
        }
    }

    private BrokerServer broker() {
        return cluster.brokers().values().iterator().next();
    }

    private static TestKafka startNew() {
        // Kafka halts the JVM on faults it deems fatal, which can happen while the cluster is torn down at JVM
        // exit; in a test JVM that turns a green run into a crashed fork. Report instead, and let tests fail.
        Exit.setHaltProcedure((code, message) -> System.err.println("test Kafka wanted to halt (" + code + "): " + message));
        Exit.setExitProcedure((code, message) -> System.err.println("test Kafka wanted to exit (" + code + "): " + message));
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(false)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "1")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            EventTopics.ensure(cluster.bootstrapServers());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    cluster.close();
                } catch (Exception e) {
                    System.err.println("test Kafka did not stop cleanly: " + e.getMessage());
                }
            }, "test-kafka-stop"));
            return new TestKafka(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test Kafka broker: " + e.getMessage(), e);
        }
    }
}
