package io.keyturn.registry.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The template table: the current version of each model and group template. */
@ApplicationScoped
public class TemplateRepository {

    /** A stored template version. */
    public record StoredTemplate(String id, String scope, String target, long version, String format, String source,
                                 String xml, String sha256, String publishedBy, Instant publishedAt) {
    }

    private final AgroalDataSource dataSource;

    @Inject
    public TemplateRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The template, its row locked until the transaction ends when {@code forUpdate}. */
    public Optional<StoredTemplate> find(String id, boolean forUpdate) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id, scope, target, version, format, source, xml, sha256, published_by, published_at"
                        + " FROM template WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredTemplate(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getTimestamp(10).toInstant()));
            }
        } catch (SQLException e) {
            throw new RepositoryException("read template", e);
        }
    }

    /** Writes {@code t} as the template's current version (insert or replace). */
    public void save(StoredTemplate t) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO template (id, scope, target, version, format, source, xml, sha256, published_by,"
                        + " published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                        + " version = excluded.version, format = excluded.format, source = excluded.source,"
                        + " xml = excluded.xml, sha256 = excluded.sha256, published_by = excluded.published_by,"
                        + " published_at = excluded.published_at")) {
            ps.setString(1, t.id());
            ps.setString(2, t.scope());
            ps.setString(3, t.target());
            ps.setLong(4, t.version());
            ps.setString(5, t.format());
            ps.setString(6, t.source());
            ps.setString(7, t.xml());
            ps.setString(8, t.sha256());
            ps.setString(9, t.publishedBy());
            ps.setTimestamp(10, Timestamp.from(t.publishedAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new RepositoryException("write template", e);
        }
    }
}
