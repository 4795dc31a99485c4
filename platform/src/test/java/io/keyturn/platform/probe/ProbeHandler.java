package io.keyturn.platform.probe;

import io.keyturn.events.CloudEvent;
import io.keyturn.platform.inbox.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** An idempotent consumer shaped like the services' handlers: mark, then apply, in one transaction. */
@ApplicationScoped
public class ProbeHandler {

    public static final String CONSUMER = "platform-probe.device-events";

    @Inject
    ProcessedEvents processed;

    @Inject
    DataSource dataSource;

    @Transactional
    public void handle(CloudEvent<?> event) throws SQLException {
        if (!processed.markIfFirst(event.id(), CONSUMER)) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO probe_effect (mac, applied) VALUES (?, 1)"
                     + " ON CONFLICT (mac) DO UPDATE SET applied = probe_effect.applied + 1")) {
            ps.setString(1, event.subject());
            ps.executeUpdate();
        }
    }
}
