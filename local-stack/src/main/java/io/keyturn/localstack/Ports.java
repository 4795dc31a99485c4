package io.keyturn.localstack;

import java.util.List;

/**
 * The ports of one local stack (DESIGN.md §5). {@link #shiftedBy} moves all of them together, so a second stack
 * (an integration test, say) can run beside the default one.
 */
record Ports(int postgres, int kafka, int kafkaController, int registry, int crypto, int scheduler, int delivery,
        int deliveryHttps, int deliveryTftp, int console) {

    static final Ports DEFAULT = new Ports(15432, 9092, 9093, 8081, 8082, 8083, 8084, 8443, 6969, 8080);

    enum Protocol { TCP, UDP }

    /** One port and what the stack uses it for, e.g. "9092 (Kafka)". */
    record Use(int port, Protocol protocol, String purpose) {
        @Override
        public String toString() {
            return (protocol == Protocol.UDP ? "UDP " : "") + port + " (" + purpose + ")";
        }
    }

    Ports shiftedBy(int offset) {
        Ports shifted = new Ports(postgres + offset, kafka + offset, kafkaController + offset, registry + offset,
                crypto + offset, scheduler + offset, delivery + offset, deliveryHttps + offset, deliveryTftp + offset,
                console + offset);
        for (Use use : shifted.all()) {
            if (use.port() < 1 || use.port() > 65535) {
                throw new IllegalArgumentException("port offset " + offset + " puts " + use.purpose()
                        + " on port " + use.port() + ", outside 1-65535");
            }
        }
        return shifted;
    }

    /** Every port the stack binds, in the order it is checked. */
    List<Use> all() {
        return List.of(
                new Use(kafka, Protocol.TCP, "Kafka"),
                new Use(kafkaController, Protocol.TCP, "Kafka controller"),
                new Use(postgres, Protocol.TCP, "PostgreSQL"),
                new Use(registry, Protocol.TCP, "registry-service"),
                new Use(crypto, Protocol.TCP, "crypto-service"),
                new Use(scheduler, Protocol.TCP, "rotation-scheduler"),
                new Use(delivery, Protocol.TCP, "delivery-service HTTP"),
                new Use(deliveryHttps, Protocol.TCP, "delivery-service HTTPS"),
                new Use(deliveryTftp, Protocol.UDP, "delivery-service TFTP"),
                new Use(console, Protocol.TCP, "console"));
    }
}
