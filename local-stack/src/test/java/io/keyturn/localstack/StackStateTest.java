package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackStateTest {

    @TempDir
    Path dir;

    @Test
    void statusReadsBackWhatTheSupervisorRecorded() throws Exception {
        StackState state = new StackState(dir.resolve("stack.properties"));
        state.fact("supervisor.pid", "42");
        state.put(new StackState.Component("kafka", 1001, 9092, StackState.Phase.STARTING, 0));
        state.put(new StackState.Component("registry-service", 1002, 8081, StackState.Phase.STARTING, 0));
        state.phase("kafka", StackState.Phase.READY);
        state.put(new StackState.Component("registry-service", 1003, 8081, StackState.Phase.RESTARTING, 2));

        StackState.Snapshot snapshot = StackState.read(dir.resolve("stack.properties"));
        assertThat(snapshot.fact("supervisor.pid")).hasValue("42");
        assertThat(snapshot.componentNames()).containsExactlyInAnyOrder("kafka", "registry-service");
        assertThat(snapshot.component("kafka"))
                .isEqualTo(new StackState.Component("kafka", 1001, 9092, StackState.Phase.READY, 0));
        assertThat(snapshot.component("registry-service"))
                .isEqualTo(new StackState.Component("registry-service", 1003, 8081, StackState.Phase.RESTARTING, 2));
    }
}
