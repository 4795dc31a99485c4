package io.keyturn.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChaosCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = LocalStack.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void refusesZeroRoundsBeforeStartingAnything(@TempDir Path dir) {
        int exit = run("chaos", "--rounds", "0", "--data", dir.resolve("data").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("keyturn: --rounds must be at least 1, not 0" + System.lineSeparator());
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void refusesAnUnknownFaultNamingTheKnownOnes(@TempDir Path dir) {
        int exit = run("chaos", "--faults", "kill-one-service,unplug-the-rack", "--data", dir.resolve("data").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("keyturn: unknown fault 'unplug-the-rack'; known: kill-one-service, ")
                .contains("store-refuses-writes");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void refusesAFleetSizeOutOfRange(@TempDir Path dir) {
        int exit = run("chaos", "--devices", "0", "--data", dir.resolve("data").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("keyturn: --devices must be between 1 and 10000, not 0");
    }
}
