package io.keyturn.registry.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/** The audit table: who changed what, when; written in the transaction of the change so neither exists alone. */
@ApplicationScoped
public class AuditLog {

    private final AgroalDataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();

    @Inject
    public AuditLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records one write. {@code detail} names fields and counts, never values: they may be secrets.
     *
     * @param action e.g. {@code device.register}, {@code template.put}
     * @param target e.g. {@code device/000e08aabbcc}, {@code template/model/SPA962}, {@code import/<id>}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String action, String target, Map<String, ?> detail) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO audit (actor, action, target, detail) VALUES (?, ?, ?, ?::jsonb)")) {
            ps.setString(1, actor);
            ps.setString(2, action);
            ps.setString(3, target);
            ps.setString(4, json.writeValueAsString(detail));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new RepositoryException("write audit record", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details are plain maps", e);
        }
    }
}
