package io.keyturn.registry.api;

import io.keyturn.events.CloudEvent;
import io.keyturn.events.device.TemplateRef;
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
import org.jboss.logging.Logger;

/**
 * Bulk import: reads the file record by record and commits every {@code keyturn.registry.import.batch-size} good
 * lines in one transaction with their events, their audit record and the job's progress. A MAC already registered
 * is counted, not imported again, so re-running a file creates no duplicates and no events.
 */
@ApplicationScoped
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);

    private final DeviceRegistrar registrar;
    private final DeviceRepository devices;
    private final ImportRepository imports;
    private final AuditLog audit;
    private final RegistryConfig config;
    private final Clock clock;

    @Inject
    public ImportService(DeviceRegistrar registrar, DeviceRepository devices, ImportRepository imports, AuditLog audit,
                         RegistryConfig config, Clock clock) {
        this.registrar = registrar;
        this.devices = devices;
        this.imports = imports;
        this.audit = audit;
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
        java.io.Reader reader = new java.io.BufferedReader(
                new java.io.InputStreamReader(body, java.nio.charset.StandardCharsets.UTF_8), 64 * 1024);
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

    /** Runs the import to the end of {@code reader}; the job records how it went, including a failure midway. */
    public void run(UUID id, ImportReader reader, String actor) {
        int batchSize = config.importing().batchSize();
        Batch batch = new Batch();
        long errorsKept = 0;
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
                    commit(id, batch, actor);
                    batch = new Batch();
                }
            }
            commit(id, batch, actor);
            QuarkusTransaction.requiringNew().run(() -> imports.finish(id, "completed", null, clock.instant()));
        } catch (IOException | RuntimeException e) {
            // The batches committed so far stay; re-running the file imports the rest.
            String why = e instanceof RegistryException r ? r.getMessage()
                    : "the upload ended early or could not be read (" + e.getClass().getSimpleName() + ")";
            LOG.warnf("Import %s stopped: %s", id, why);
            QuarkusTransaction.requiringNew().run(() -> imports.finish(id, "failed", why, clock.instant()));
            if (e instanceof RuntimeException r) {
                throw r;
            }
        }
    }

    public java.util.Optional<ImportRepository.Job> job(UUID id) {
        return imports.job(id, config.importing().maxErrors());
    }

    private void commit(UUID id, Batch batch, String actor) {
        if (batch.lines == 0) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            List<Device> list = new ArrayList<>(batch.devices.values());
            Set<String> inserted = list.isEmpty() ? Set.of() : imports.insertNew(list, id);
            List<CloudEvent<?>> events = new ArrayList<>(inserted.size());
            Map<String, List<TemplateRef>> refsByLayer = templateRefs(list);
            List<String> macs = new ArrayList<>(inserted.size());
            for (Device d : list) {
                if (inserted.contains(d.mac())) {
                    events.add(DeviceEvents.registered(d, refsByLayer.get(layerKey(d))));
                    macs.add(d.mac());
                }
            }
            imports.appendEvents(events);
            imports.addErrors(id, batch.errors);
            imports.addProgress(id, batch.lines, inserted.size(),
                    batch.alreadyRegistered + list.size() - inserted.size(), batch.rejected);
            if (!macs.isEmpty()) {
                audit.record(actor, "device.import", "import/" + id, Map.of("registered", macs));
            }
        });
    }

    /** The template refs of each (model, group) in the batch, from one query. */
    private Map<String, List<TemplateRef>> templateRefs(List<Device> list) {
        Set<String> ids = new LinkedHashSet<>();
        Map<String, Device> byLayer = new HashMap<>();
        for (Device d : list) {
            if (byLayer.putIfAbsent(layerKey(d), d) == null) {
                ids.addAll(TemplateLayers.candidateIds(d.model(), d.group()));
            }
        }
        Map<String, Long> versions = ids.isEmpty() ? Map.of() : devices.templateVersions(List.copyOf(ids));
        Map<String, List<TemplateRef>> out = new HashMap<>();
        byLayer.forEach((key, d) -> out.put(key, TemplateLayers.refs(d.model(), d.group(), versions)));
        return out;
    }

    private static String layerKey(Device d) {
        return d.model().name() + "|" + d.groupPath();
    }

    private static final class Batch {
        final Map<String, Device> devices = new LinkedHashMap<>();
        final List<LineError> errors = new ArrayList<>();
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
