package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaNodeTest {

    @Test
    void configuresOneCombinedKraftNodeOnTheStacksLoopbackPorts() throws Exception {
        DataDir data = new DataDir(Path.of("/srv/stack"));
        Properties props = new Properties();
        props.load(new StringReader(new KafkaNode(data, Ports.DEFAULT.shiftedBy(100)).serverProperties()));

        assertThat(props.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(props.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9192,CONTROLLER://127.0.0.1:9193");
        assertThat(props.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9192");
        assertThat(props.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:9193");
        assertThat(props.getProperty("log.dirs")).isEqualTo("/srv/stack/kafka/data");
        assertThat(props.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(props.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
    }
}
