package io.keyturn.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the keyturn command line in-process, capturing everything it writes. */
final class Cli {

    /** What one run did: its exit code, its text output and errors, and the bytes it wrote to stdout. */
    record Result(int exit, String out, String err, byte[] stdout) {
        /** The lines written to standard error, without the trailing newline. */
        String[] errLines() {
            return err.isEmpty() ? new String[0] : err.split("\\R");
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return run(new byte[0], args);
    }

    /**
     * Runs with {@code stdin} as standard input. Profile commands read IN and write OUT = '-' through
     * System.in/System.out (binary), so those are swapped for the run and restored after.
     */
    static synchronized Result run(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        InputStream originalIn = System.in;
        PrintStream originalOut = System.out;
        try {
            System.setIn(new ByteArrayInputStream(stdin));
            System.setOut(new PrintStream(stdout, true));
            CommandLine cli = KeyturnCommand.newCommandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(args);
            return new Result(exit, out.toString(), err.toString(), stdout.toByteArray());
        } finally {
            System.setIn(originalIn);
            System.setOut(originalOut);
        }
    }
}
