package io.keyturn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code keyturn devices import FILE}: streams a CSV ({@code .csv}) or NDJSON file to {@code POST
 * /api/v1/devices:import} with a progress bar on standard error, then prints the summary and the rejected lines.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import devices from CSV (header mac,model,serial,group,tenant,stagingKey,params.<Name>...) or"
                + " NDJSON (.ndjson/.jsonl). Exit 2 if any line was rejected.")
public final class DevicesImportCommand implements Callable<Integer> {

    @Mixin
    RegistryClient registry;

    @Parameters(paramLabel = "FILE")
    Path file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long size = Files.size(file);
        String name = file.getFileName().toString().toLowerCase();
        String type = name.endsWith(".ndjson") || name.endsWith(".jsonl") ? "application/x-ndjson" : "text/csv";
        PrintWriter err = spec.commandLine().getErr();
        JsonNode job = registry.send("POST", registry.uri("/api/v1/devices:import", Map.of()), type, () -> {
            try {
                return new Progress(Files.newInputStream(file), size, err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        err.println();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("import %s: %s; %d lines, %d imported, %d already registered, %d rejected%n",
                job.path("id").asText(), job.path("state").asText(), job.path("lines").asLong(),
                job.path("imported").asLong(), job.path("alreadyRegistered").asLong(), job.path("rejected").asLong());
        for (JsonNode e : job.path("errors")) {
            out.printf("  line %d: %s: %s%n", e.path("line").asLong(), e.path("reason").asText(),
                    e.path("detail").asText());
        }
        out.flush();
        return job.path("rejected").asLong() > 0 || !"completed".equals(job.path("state").asText())
                ? KeyturnCommand.EXIT_BAD_INPUT : 0;
    }

    /** Counts what the upload has read and redraws a 30-column bar at most every 1 %. */
    private static final class Progress extends FilterInputStream {
        private final long size;
        private final PrintWriter err;
        private long read;
        private int shown = -1;

        Progress(InputStream in, long size, PrintWriter err) {
            super(in);
            this.size = Math.max(1, size);
            this.err = err;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                read += n;
                int percent = (int) (read * 100 / size);
                if (percent != shown) {
                    shown = percent;
                    int bars = percent * 30 / 100;
                    err.print("\r[" + "#".repeat(bars) + " ".repeat(30 - bars) + "] " + percent + "% of "
                            + size / 1024 + " KiB");
                    err.flush();
                }
            }
            return n;
        }
    }
}
