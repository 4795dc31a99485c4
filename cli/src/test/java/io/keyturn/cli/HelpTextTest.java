package io.keyturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders as written. Picocli formats help text with {@code String.format}: a bare {@code %}
 * (as in "--canary 1%") made it print a warning on standard error and the text with its line breaks unreplaced.
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutAWarning() {
        List<CommandLine> all = new ArrayList<>();
        collect(KeyturnCommand.newCommandLine(), all);
        assertThat(all).hasSizeGreaterThan(10);

        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringBuilder help = new StringBuilder();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            for (CommandLine command : all) {
                StringWriter out = new StringWriter();
                command.usage(new PrintWriter(out, true));
                help.append(out);
            }
        } finally {
            System.setErr(originalErr);
        }

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(help.toString()).doesNotContain("%n").doesNotContain("%%")
                .contains("--canary 1%\n")
                .contains("Canary cohort (default 1%).");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }
}
