package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

    @TempDir
    Path dir;

    @Test
    void refusesADirectoryThatCannotBeCreatedBecauseAFileIsInTheWay() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        DataDir data = new DataDir(file.resolve("data"));
        assertThatThrownBy(data::ensureWritable)
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith("data directory " + file.resolve("data") + " is not writable (");
    }

    @Test
    void acceptsAndCreatesAWritableDirectory() throws Exception {
        DataDir data = new DataDir(dir.resolve("nested/data"));
        data.ensureWritable();
        assertThat(data.root()).isDirectory();
        try (var entries = Files.list(data.root())) {
            assertThat(entries).as("the write probe is cleaned up").isEmpty();
        }
    }

    @Test
    void wipeKeepsOnlyTheLockAndThePidOfItsHolder() throws Exception {
        DataDir data = new DataDir(dir);
        Files.createDirectories(data.logs());
        Files.writeString(data.log("kafka"), "old");
        Files.writeString(data.lock(), "");
        Files.writeString(data.pidFile(), "42");
        Files.writeString(data.state(), "old");
        Files.createDirectories(data.kafka().resolve("data"));
        data.wipe();
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactlyInAnyOrder(data.lock(), data.pidFile());
        }
    }
}
