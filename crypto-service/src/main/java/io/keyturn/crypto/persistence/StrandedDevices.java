package io.keyturn.crypto.persistence;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * {@code keyturn_devices_stranded}: live devices whose generations c..t are not all published and leading to t, the
 * chain invariant of DESIGN.md §1-2 counted from the tables. Every chain step commits with its record, so this stays
 * 0 unless a file could not be rendered or verified, or a row was changed by hand; anything else is a bug to page on.
 * One aggregate query per refresh (every {@code keyturn.crypto.stranded-interval}), never one per scrape.
 */
@ApplicationScoped
@Startup
public class StrandedDevices {

    private static final Logger LOG = Logger.getLogger(StrandedDevices.class);

    /** c is 0 before the first confirmation; generations count from 1. */
    static final String QUERY = """
            SELECT count(DISTINCT g.mac)
              FROM generation g
              JOIN device d ON d.mac = g.mac
              JOIN (SELECT mac, max(number) AS newest FROM generation GROUP BY mac) t ON t.mac = g.mac
             WHERE NOT d.decommissioned
               AND g.number >= greatest(d.confirmed_generation, 1)
               AND (g.state NOT IN ('published', 'confirmed') OR g.target <> t.newest)
            """;

    private final AgroalDataSource dataSource;
    private final AtomicLong stranded = new AtomicLong();

    @Inject
    public StrandedDevices(AgroalDataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        Gauge.builder("keyturn.devices.stranded", stranded, AtomicLong::get)
                .description("Live devices whose generations from confirmed to newest are not all published and"
                        + " leading to the newest")
                .register(registry);
    }

    /** Counts again now; returns the new value. */
    public long refresh() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(QUERY);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            stranded.set(n);
            return n;
        } catch (SQLException e) {
            throw new StoreException("could not count stranded devices", e);
        }
    }

    @Scheduled(every = "${keyturn.crypto.stranded-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledRefresh() {
        try {
            long n = refresh();
            if (n > 0) {
                LOG.errorf("%d device(s) stranded: a live generation is not published or does not lead to the newest", n);
            }
        } catch (StoreException e) {
            // The gauge keeps its last value; readiness reports the database.
            LOG.warnf("Counting stranded devices failed: %s", e.getMessage());
        }
    }
}
