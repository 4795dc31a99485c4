package io.keyturn.crypto.persistence;

import io.agroal.api.AgroalDataSource;
import io.keyturn.crypto.domain.KeyRing;
import io.keyturn.crypto.domain.WrappedKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Moves wrapped keys from older KEKs to the active one, one batch per transaction so devices keep rotating meanwhile
 * (rows a rotation holds are skipped and taken by a later batch), and counts keys per KEK for the dashboard.
 */
@ApplicationScoped
public class KekRewrap {

    private final AgroalDataSource dataSource;
    private final KeyRing keyRing;

    @Inject
    public KekRewrap(AgroalDataSource dataSource, KeyRing keyRing) {
        this.dataSource = dataSource;
        this.keyRing = keyRing;
    }

    /** Rewraps one batch of generation keys and staging keys not under the active KEK; returns how many moved. */
    public int batch(int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return generations(c, size) + stagingKeys(c, size);
            }
        });
    }

    private int generations(Connection c, int size) throws SQLException {
        record Row(String mac, long number, WrappedKey key) { }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT mac, number, kek_id, wrapped_key FROM generation"
                + " WHERE kek_id IS NOT NULL AND kek_id <> ? LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setString(1, keyRing.activeId());
            ps.setInt(2, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getLong(2), new WrappedKey(rs.getString(3), rs.getBytes(4))));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE generation SET kek_id = ?, wrapped_key = ? WHERE mac = ? AND number = ?")) {
            for (Row r : rows) {
                WrappedKey moved = keyRing.rewrap(r.key(), r.mac() + "/" + r.number());
                ps.setString(1, moved.kekId());
                ps.setBytes(2, moved.blob());
                ps.setString(3, r.mac());
                ps.setLong(4, r.number());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rows.size();
    }

    private int stagingKeys(Connection c, int size) throws SQLException {
        Map<String, WrappedKey> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT mac, staging_kek_id, staging_key FROM device"
                + " WHERE staging_kek_id IS NOT NULL AND staging_kek_id <> ? LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setString(1, keyRing.activeId());
            ps.setInt(2, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new WrappedKey(rs.getString(2), rs.getBytes(3)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE device SET staging_kek_id = ?, staging_key = ? WHERE mac = ?")) {
            for (Map.Entry<String, WrappedKey> e : rows.entrySet()) {
                WrappedKey moved = keyRing.rewrap(e.getValue(), e.getKey() + "/staging");
                ps.setString(1, moved.kekId());
                ps.setBytes(2, moved.blob());
                ps.setString(3, e.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rows.size();
    }

    /** Keys (generation and staging) wrapped under each KEK id. */
    public Map<String, Long> wrappedPerKek() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT kek_id, count(*) FROM (SELECT kek_id FROM generation"
                         + " WHERE kek_id IS NOT NULL UNION ALL SELECT staging_kek_id FROM device"
                         + " WHERE staging_kek_id IS NOT NULL) k GROUP BY kek_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }
}
