package io.keyturn.registry.api;

import io.keyturn.events.device.TemplateRef;
import io.keyturn.platform.outbox.OutboxException;
import io.keyturn.platform.outbox.OutboxWriter;
import io.keyturn.registry.config.RegistryConfig;
import io.keyturn.registry.domain.Device;
import io.keyturn.registry.domain.DeviceRegistrar;
import io.keyturn.registry.domain.ImportLine;
import io.keyturn.registry.domain.ImportReader;
import io.keyturn.registry.domain.RegistryException;
import io.keyturn.registry.domain.TemplateLayers;
import io.keyturn.registry.messaging.DeviceEvents;
import io.keyturn.registry.persistence.AuditLog;
import io.keyturn.registry.persistence.DeviceRepository;
import io.keyturn.registry.persistence.ImportRepository;
import io.keyturn.registry.persistence.ImportRepository.LineError;
import io.keyturn.registry.persistence.RepositoryException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Bulk import: reads the file record by record and commits every {@code keyturn.registry.import.batch-size} good
 * lines in one transaction with their events (bundled into a few outbox rows), their audit record and the job's progress.
 * A bad line is recorded with its line number and costs its batch nothing. A MAC already registered
 * is counted, not imported again, so re-running a file creates no duplicates and no events.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);

    private final DeviceRegistrar registrar;
    private final DeviceRepository devices;
    private final ImportRepository imports;
    private final AuditLog audit;
    private final OutboxWriter outbox;
    private final RegistryConfig config;
    private final Clock clock;

    @Inject
    public ImportService(DeviceRegistrar registrar, DeviceRepository devices, ImportRepository imports, AuditLog audit,
                         OutboxWriter outbox, RegistryConfig config, Clock clock) {
        this.registrar = registrar;
        this.devices = devices;
        this.imports = imports;
        this.audit = audit;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    static final String CSV = "text/csv";
    static final String NDJSON = "application/x-ndjson";

    /**
     * Imports {@code body} (CSV if {@code contentType} says so, NDJSON otherwise) to its end; the finished job.
     *
     * @throws RegistryException {@code INVALID_IMPORT} for a CSV header that cannot be used: then no job exists and
     *     nothing is imported
     */
    public ImportRepository.Job importFile(String contentType, java.io.InputStream body, String actor)
            throws IOException {
        // The readers buffer for themselves (BoundedLines).
        java.io.Reader reader = new java.io.InputStreamReader(body, java.nio.charset.StandardCharsets.UTF_8);
        boolean csv = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(CSV);
        ImportReader lines = csv ? new io.keyturn.registry.domain.CsvImportReader(reader)
                : new NdjsonImportReader(reader);
        UUID id = start(csv ? "csv" : "ndjson", actor);
        run(id, lines, actor);
        return job(id).orElseThrow();
    }

    UUID start(String format, String actor) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> imports.createJob(id, format, actor, clock.instant()));
        return id;
    }

    /**
     * Runs the import to the end of {@code reader}; the job records how it went, including a failure midway. One
     * batch is written (on a thread of the import's own) while the next is read and checked, so parsing and sealing
     * overlap with the database's work; the batches still commit one after the other, in file order.
     */
    public void run(UUID id, ImportReader reader, String actor) {
        int batchSize = config.importing().batchSize();
        Batch batch = new Batch();
        long errorsKept = 0;
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "import-" + id));
        Future<?> inFlight = CompletableFuture.completedFuture(null);
        AtomicBoolean metRegistered = new AtomicBoolean();
        try {
            ImportLine line;
            while ((line = reader.next()) != null) {
                batch.lines++;
                if (line.error() != null) {
                    batch.reject(line.line(), line.error(), errorsKept++ < config.importing().maxErrors());
                } else {
                    try {
                        Device d = registrar.register(line.input());
                        if (batch.devices.putIfAbsent(d.mac(), d) != null) {
                            // The same MAC twice in one batch: the first line wins, as across batches.
                            batch.alreadyRegistered++;
                        }
                    } catch (RegistryException e) {
                        batch.reject(line.line(), e, errorsKept++ < config.importing().maxErrors());
                    }
                }
                if (batch.devices.size() >= batchSize || batch.lines >= 10L * batchSize) {
                    inFlight = handOver(writer, inFlight, id, batch, actor, metRegistered);
                    batch = new Batch();
                }
            }
            inFlight = handOver(writer, inFlight, id, batch, actor, metRegistered);
            await(inFlight);
            QuarkusTransaction.requiringNew().run(() -> imports.finish(id, "completed", null, clock.instant()));
        } catch (IOException | RuntimeException e) {
            // The batches handed over so far still commit (or fail) before the job is closed; re-running the file
            // imports the rest.
            try {
                await(inFlight);
            } catch (RuntimeException alreadyReported) {
                // The writer's own failure is e, or comes after it: e says why the import stopped.
            }
            String why = e instanceof RegistryException r ? r.getMessage()
                    : e instanceof RepositoryException || e instanceof OutboxException ? "a batch could not be written; the batches before it stay"
                    : "the upload ended early or could not be read (" + e.getClass().getSimpleName() + ")";
            LOG.warnf("Import %s stopped: %s", id, why);
            QuarkusTransaction.requiringNew().run(() -> imports.finish(id, "failed", why, clock.instant()));
            if (e instanceof RuntimeException r) {
                throw r;
            }
        } finally {
            writer.shutdown();
        }
    }

    /**
     * Prepares this batch for the database (its columns and its events, encoded) while the one before is still being
     * written, then waits for that one, so at most one is being written while the next is read, and hands this one on.
     */
    private Future<?> handOver(ExecutorService writer, Future<?> previous, UUID id, Batch batch, String actor,
                               AtomicBoolean metRegistered) {
        prepare(batch, id);
        await(previous);
        return writer.submit(() -> commit(id, batch, actor, metRegistered));
    }

    /**
     * Everything of a batch that needs no transaction: its rows as the insert sends them and every device's event,
     * encoded for the outbox. The events of devices that turn out to be registered already are dropped unwritten.
     */
    private void prepare(Batch batch, UUID id) {
        if (batch.devices.isEmpty()) {
            return;
        }
        batch.list = new ArrayList<>(batch.devices.values());
        batch.columns = imports.columns(batch.list, id);
        Map<Layer, List<TemplateRef>> refsByLayer = templateRefs(batch.list);
        batch.events = new ArrayList<>(batch.list.size());
        for (Device d : batch.list) {
            batch.events.add(outbox.encode(DeviceEvents.registered(d, refsByLayer.get(layerKey(d)))));
        }
        // Bundled: an import's registrations resemble each other, and as bundles they cost the database a tenth of
        // what they cost as rows (OutboxBundle). Packed here, as if every device were new (the usual case), because
        // the request's thread waited for the writer's more than half of an import's time (1,000,000 devices: 13 s
        // of 23), and deflating them on the writer's cost it 2.3 s.
        batch.bundles = outbox.bundle(batch.events);
    }

    private static void await(Future<?> batch) {
        try {
            batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the import was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("a batch failed", e.getCause());
        }
    }

    public java.util.Optional<ImportRepository.Job> job(UUID id) {
        return imports.job(id, config.importing().maxErrors());
    }

    /**
     * Writes a batch: first with a plain COPY of its devices, and when one of them turns out to be registered
     * already, again in a new transaction with the insert that skips those. After one such batch the rest of the
     * import goes the second way at once: a file that meets registered devices is most likely being re-run.
     */
    private void commit(UUID id, Batch batch, String actor, AtomicBoolean metRegistered) {
        if (batch.lines == 0) {
            return;
        }
        if (!batch.list.isEmpty() && !metRegistered.get()) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    imports.insertAll(batch.columns);
                    write(id, batch, actor, null);
                });
                return;
            } catch (ImportRepository.AlreadyRegisteredException e) {
                metRegistered.set(true);
            }
        }
        QuarkusTransaction.requiringNew().run(() -> write(id, batch, actor,
                batch.list.isEmpty() ? Set.of() : imports.insertNew(batch.columns, id)));
    }

    /**
     * Everything of a batch after its devices: the events of those {@code inserted} (null: all of them), errors,
     * progress, audit.
     */
    private void write(UUID id, Batch batch, String actor, Set<String> inserted) {
        List<Device> list = batch.list;
        OutboxWriter.Bundles bundles = batch.bundles;
        List<String> macs = batch.columns == null ? List.of() : batch.columns.macs();
        if (inserted != null) {
            List<OutboxWriter.Encoded> events = new ArrayList<>(inserted.size());
            macs = new ArrayList<>(inserted.size());
            for (int i = 0; i < list.size(); i++) {
                String mac = list.get(i).mac();
                if (inserted.contains(mac)) {
                    events.add(batch.events.get(i));
                    macs.add(mac);
                }
            }
            bundles = outbox.bundle(events);
        }
        outbox.appendBundles(bundles);
        imports.addErrors(id, batch.errors);
        imports.addProgress(id, batch.lines, macs.size(),
                batch.alreadyRegistered + list.size() - macs.size(), batch.rejected);
        if (!macs.isEmpty()) {
            audit.record(actor, "device.import", "import/" + id, Map.of("registered", macs));
        }
    }

    /** The template refs of each (model, group) in the batch, from one query. */
    private Map<Layer, List<TemplateRef>> templateRefs(List<Device> list) {
        Set<String> ids = new LinkedHashSet<>();
        Map<Layer, Device> byLayer = new HashMap<>();
        for (Device d : list) {
            if (byLayer.putIfAbsent(layerKey(d), d) == null) {
                ids.addAll(TemplateLayers.candidateIds(d.model(), d.group()));
            }
        }
        Map<String, Long> versions = ids.isEmpty() ? Map.of() : devices.templateVersions(List.copyOf(ids));
        Map<Layer, List<TemplateRef>> out = new HashMap<>();
        byLayer.forEach((key, d) -> out.put(key, TemplateLayers.refs(d.model(), d.group(), versions)));
        return out;
    }

    private static Layer layerKey(Device d) {
        return new Layer(d.model().name(), d.groupPath());
    }

    /** The template layers a device's profile is built from: its model's and its group's (null for none). */
    private record Layer(String model, String group) {
    }

    private static final class Batch {
        final Map<String, Device> devices = new LinkedHashMap<>();
        final List<LineError> errors = new ArrayList<>();
        /** Set by {@link #prepare}, in line order: the devices, their columns, their encoded events and those bundled. */
        List<Device> list = List.of();
        ImportRepository.Columns columns;
        List<OutboxWriter.Encoded> events = List.of();
        OutboxWriter.Bundles bundles;
        long lines;
        long alreadyRegistered;
        long rejected;

        void reject(long line, RegistryException e, boolean keep) {
            rejected++;
            if (keep) {
                errors.add(new LineError(line, e.reason().code(), e.getMessage()));
            }
        }
    }
}
