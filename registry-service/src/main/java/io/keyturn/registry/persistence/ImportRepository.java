package io.keyturn.registry.persistence;

import io.agroal.api.AgroalDataSource;
import io.keyturn.platform.jdbc.CopyRow;
import io.keyturn.registry.domain.Device;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Bulk writes for imports: a batch of devices with one {@code COPY} ({@link #insertAll}) when none of them is
 * registered yet, the usual case, or with one {@code INSERT ... ON CONFLICT DO NOTHING} over arrays unnested
 * server-side ({@link #insertNew}) when some may be. Either way one round trip per batch, not per row. Their events go
 * to the outbox in the same transaction.
 */
@ApplicationScoped
public class ImportRepository {

    private static final String INSERT_DEVICES = "INSERT INTO device (mac, model, psn, serial, group_path, tenant,"
            + " bootstrap_mode, sealed_staging_key, params, sealed_params, state, version, created_at, updated_at,"
            + " import_id)"
            + " SELECT u.mac, u.model, u.psn, u.serial, u.grp, u.tenant, u.mode, u.skey::jsonb, u.params::jsonb,"
            + " u.sparams::jsonb, 'registered', 1, u.at, u.at, ?"
            + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::timestamptz[]) WITH ORDINALITY"
            + " AS u(mac, model, psn, serial, grp, tenant, mode, skey, params, sparams, at, ord)"
            + " ORDER BY u.ord ON CONFLICT (mac) DO NOTHING RETURNING mac";

    private static final String COPY_DEVICES = "COPY device (mac, model, psn, serial, group_path, tenant,"
            + " bootstrap_mode, sealed_staging_key, params, sealed_params, state, version, created_at, updated_at,"
            + " import_id) FROM STDIN";
    private static final String UNIQUE_VIOLATION = "23505";

    private final AgroalDataSource dataSource;
    private final DeviceRepository devices;

    @Inject
    public ImportRepository(AgroalDataSource dataSource, DeviceRepository devices) {
        this.dataSource = dataSource;
        this.devices = devices;
    }

    /**
     * The columns of {@code batch} as the inserts send them (JSON written, times formatted, and the COPY's rows); needs
     * no connection, so the next batch is prepared while this one is written.
     */
    public Columns columns(List<Device> batch, UUID importId) {
        int n = batch.size();
        String[][] cols = new String[11][n];
        for (int i = 0; i < n; i++) {
            Device d = batch.get(i);
            cols[0][i] = d.mac();
            cols[1][i] = d.model().name();
            cols[2][i] = d.model().psn();
            cols[3][i] = d.serial();
            cols[4][i] = d.groupPath();
            cols[5][i] = d.tenant();
            cols[6][i] = d.bootstrapMode().code();
            cols[7][i] = d.sealedStagingKey() == null ? null : devices.write(d.sealedStagingKey());
            cols[8][i] = d.params().isEmpty() ? "{}" : devices.write(d.params());
            cols[9][i] = d.sealedParams().isEmpty() ? "{}" : devices.write(d.sealedParams());
            cols[10][i] = d.createdAt().toString();
        }
        return new Columns(cols, copyRows(cols, importId));
    }

    /**
     * Inserts every device of {@code batch} with one {@code COPY}, which costs PostgreSQL less than the insert with
     * its conflict check: no second look into the MAC index per row, no speculative insertion.
     *
     * @throws AlreadyRegisteredException if one of them is registered already; then the transaction is spoilt and
     *     must roll back, and {@link #insertNew} in a new one writes the others
     */
    public void insertAll(Columns batch) {
        try (Connection c = dataSource.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_DEVICES, new ByteArrayInputStream(batch.copyRows));
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new AlreadyRegisteredException(e);
            }
            throw new RepositoryException("copy imported devices", e);
        } catch (IOException e) {
            throw new RepositoryException("copy imported devices", new SQLException(e.getMessage(), "08006", e));
        }
    }

    /** {@code cols} as the rows of {@link #insertAll}'s COPY, in line order. */
    private static byte[] copyRows(String[][] cols, UUID importId) {
        String job = importId.toString();
        ByteArrayOutputStream rows = new ByteArrayOutputStream(cols[0].length * 320);
        CopyRow row = new CopyRow(512);
        for (int i = 0; i < cols[0].length; i++) {
            for (int k = 0; k < 10; k++) {
                row.field(cols[k][i]);
            }
            rows.writeBytes(row.field("registered").field("1").field(cols[10][i]).field(cols[10][i]).field(job).end());
        }
        return rows.toByteArray();
    }

    /** A device of a batch written with {@link #insertAll} was registered already. */
    public static final class AlreadyRegisteredException extends RepositoryException {
        AlreadyRegisteredException(SQLException cause) {
            super("copy imported devices, one of them registered already", cause);
        }
    }

    /** Inserts the devices whose MAC is not registered yet; the MACs inserted. */
    public Set<String> insertNew(Columns batch, UUID importId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_DEVICES)) {
            ps.setObject(1, importId);
            for (int k = 0; k < 11; k++) {
                ps.setArray(k + 2, c.createArrayOf("text", batch.values[k]));
            }
            Set<String> inserted = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
            return inserted;
        } catch (SQLException e) {
            throw new RepositoryException("insert imported devices", e);
        }
    }

    /** A batch of devices column by column, in line order; made by {@link #columns}. */
    public static final class Columns {
        private final String[][] values;
        private final byte[] copyRows;

        private Columns(String[][] values, byte[] copyRows) {
            this.values = values;
            this.copyRows = copyRows;
        }

        /** The MACs, in line order. */
        public List<String> macs() {
            return List.of(values[0]);
        }
    }

    public void createJob(UUID id, String format, String actor, Instant at) {
        update("INSERT INTO import_job (id, format, state, created_by, created_at) VALUES (?, ?, 'running', ?, ?)",
                id, format, actor, Timestamp.from(at));
    }

    public void addProgress(UUID id, long lines, long imported, long alreadyRegistered, long rejected) {
        update("UPDATE import_job SET lines = lines + ?, imported = imported + ?,"
                + " already_registered = already_registered + ?, rejected = rejected + ? WHERE id = ?",
                lines, imported, alreadyRegistered, rejected, id);
    }

    public void finish(UUID id, String state, String failure, Instant at) {
        update("UPDATE import_job SET state = ?, failure = ?, finished_at = ? WHERE id = ?", state, failure,
                Timestamp.from(at), id);
    }

    /** Records per-line errors; a line already recorded (a retried batch) is kept as it was. */
    public void addErrors(UUID id, List<LineError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO import_error (import_id, line, reason, detail) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (LineError e : errors) {
                ps.setObject(1, id);
                ps.setLong(2, e.line());
                ps.setString(3, e.reason());
                ps.setString(4, e.detail());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new RepositoryException("record import errors", e);
        }
    }

    public java.util.Optional<Job> job(UUID id, int maxErrors) {
        try (Connection c = dataSource.getConnection()) {
            Job job;
            try (PreparedStatement ps = c.prepareStatement("SELECT format, state, lines, imported, already_registered,"
                    + " rejected, failure, created_by, created_at, finished_at FROM import_job WHERE id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return java.util.Optional.empty();
                    }
                    Timestamp finished = rs.getTimestamp(10);
                    job = new Job(id, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
                            finished == null ? null : finished.toInstant(), new ArrayList<>());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT line, reason, detail FROM import_error"
                    + " WHERE import_id = ? ORDER BY line LIMIT ?")) {
                ps.setObject(1, id);
                ps.setInt(2, maxErrors);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        job.errors().add(new LineError(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return java.util.Optional.of(job);
        } catch (SQLException e) {
            throw new RepositoryException("read import job", e);
        }
    }

    private void update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new RepositoryException("write import job", e);
        }
    }

    /** One line that was not imported. */
    public record LineError(long line, String reason, String detail) {
    }

    /** An import job as stored. */
    public record Job(UUID id, String format, String state, long lines, long imported, long alreadyRegistered,
                      long rejected, String failure, String createdBy, Instant createdAt, Instant finishedAt,
                      List<LineError> errors) {
    }

}
