package io.keyturn.cli;

import io.keyturn.protocol.ProtocolException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import io.keyturn.cli.tls.TlsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root of the {@code keyturn} operator command line.
 *
 * <p>Exit codes: 0 success, 1 an I/O or environment failure, 2 bad input (usage, a malformed file, a
 * wrong key). Every failure is one readable line on standard error, never a stack trace.
 */
@Command(
        name = "keyturn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Key-rotating provisioning for Cisco/Linksys SPA-family devices.",
        footer = {
            "",
            "The local stack (the ./keyturn script runs these from the local-stack module):",
            "  up       build what is stale, then run PostgreSQL, Kafka and the four services",
            "  down     stop the running stack",
            "  status   which components run, ready or not, with their ports",
            "  dev      dev token [--role fleet-admin|operator|auditor]: a bearer token the local stack accepts",
            "",
            "Fleet commands (REST to the registry and the rotation-scheduler, token from --token or KEYTURN_TOKEN):",
            "  devices  import FILE | list | show MAC | decommission MAC",
            "  rotate   start a campaign: keyturn rotate --group G --rate 500/min --canary 1%% --stop-after 10/1000",
            "  campaign watch|show|pause|resume|cancel ID",
            "",
            "Exit status: 0 success; 1 an I/O or environment failure; 2 bad input (one line on standard error)."
        },
        subcommands = {CommandLine.HelpCommand.class, ProfileCommand.class, RuleCommand.class, TlsCommand.class,
            DevicesCommand.class, RotateCommand.class, CampaignCommand.class})
public final class KeyturnCommand implements Runnable {

    /** Bad input: usage errors, malformed files, a wrong key. */
    public static final int EXIT_BAD_INPUT = 2;
    /** The environment failed us: a file that cannot be read or written. */
    public static final int EXIT_IO = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new KeyturnCommand());
        cli.setParameterExceptionHandler(KeyturnCommand::onBadParameters);
        cli.setExecutionExceptionHandler(KeyturnCommand::onFailure);
        return cli;
    }

    private static int onBadParameters(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("keyturn: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                + " --help')");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    private static int onFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        int exit;
        if (e instanceof ProtocolException pe) {
            err.println("keyturn: " + pe.getMessage() + " [" + pe.reason().code() + "]");
            exit = EXIT_BAD_INPUT;
        } else if (e instanceof NoSuchFileException nsf) {
            err.println("keyturn: no such file: " + nsf.getFile());
            exit = EXIT_IO;
        } else if (e instanceof IOException || e instanceof UncheckedIOException) {
            err.println("keyturn: " + e.getMessage());
            exit = EXIT_IO;
        } else if (e instanceof IllegalArgumentException) {
            err.println("keyturn: " + e.getMessage());
            exit = EXIT_BAD_INPUT;
        } else {
            err.println("keyturn: unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            exit = EXIT_IO;
        }
        err.flush();
        return exit;
    }
}
