package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondStackOnTheSameDirectoryIsToldWhichOneRuns() throws Exception {
        DataDir data = new DataDir(dir);
        try (StackLock first = StackLock.acquire(data)) {
            assertThat(StackLock.isHeld(data)).isTrue();
            assertThatThrownBy(() -> StackLock.acquire(data))
                    .isInstanceOf(StackException.class)
                    .hasMessage("a local stack is already running from " + data.root() + " (supervisor pid "
                            + ProcessHandle.current().pid() + "); stop it with ./keyturn down");
        }
    }

    @Test
    void releasingTheLockFreesTheDirectoryAndForgetsThePid() throws Exception {
        DataDir data = new DataDir(dir);
        StackLock.acquire(data).close();
        assertThat(StackLock.isHeld(data)).isFalse();
        assertThat(StackLock.runningPid(data)).isEmpty();
        StackLock.acquire(data).close();
    }
}
