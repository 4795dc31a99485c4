package io.keyturn.delivery.store;

import io.agroal.api.AgroalDataSource;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.profile.ProfileKind;
import io.keyturn.events.profile.ProfilePublished;
import io.keyturn.events.profile.ProfileWithdrawn;
import io.keyturn.events.profile.WithdrawalReason;
import io.keyturn.platform.inbox.ProcessedEvents;
import io.keyturn.platform.outbox.OutboxException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The {@code published_file} table: applies profile events to it and reads it back. Every change takes one
 * transaction-scoped advisory lock first, so revisions are taken and committed in the same order and a replica that
 * follows {@code revision > last seen} never skips a row that commits late.
 */
@ApplicationScoped
public class FileRepository {

    /** The consumer name recorded with each processed profile event. */
    public static final String CONSUMER = "delivery-service.profiles";

    private static final Logger LOG = Logger.getLogger(FileRepository.class);
    /** "ktpf" in ASCII: the advisory lock that orders revisions. */
    private static final int REVISION_LOCK = 0x6b747066;
    private static final String COLUMNS = "path, revision, state, kind, mac, generation, target_generation,"
            + " content_type, sha256, content, withdrawal_reason";

    private final AgroalDataSource dataSource;
    private final ProcessedEvents processed;

    @Inject
    public FileRepository(AgroalDataSource dataSource, ProcessedEvents processed) {
        this.dataSource = dataSource;
        this.processed = processed;
    }

    /**
     * Applies a {@code profile.published} or {@code profile.withdrawn} event, once per event id.
     *
     * @return the row as it is now if the event changed it; empty for a duplicate, or an event older than what the
     *     path already holds
     */
    @Transactional
    public Optional<StoredFile> apply(CloudEvent<?> event) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))")) {
                lock.setInt(1, REVISION_LOCK);
                lock.execute();
            }
            if (!processed.markIfFirst(event.id(), CONSUMER)) {
                return Optional.empty();
            }
            if (event.data() instanceof ProfilePublished p) {
                return publish(c, p);
            }
            if (event.data() instanceof ProfileWithdrawn w) {
                return withdraw(c, w);
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new OutboxException("could not apply " + event.type() + " " + event.id()
                    + " (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private Optional<StoredFile> publish(Connection c, ProfilePublished p) throws SQLException {
        Optional<StoredFile> current = find(c, p.path());
        if (current.isPresent()) {
            StoredFile row = current.get();
            if (!sameOwner(row, p.kind(), p.mac())) {
                LOG.warnf("Ignored profile.published for %s: the path belongs to another owner", p.path());
                return Optional.empty();
            }
            boolean newer;
            if (p.kind() == ProfileKind.STAGE0) {
                newer = true;
            } else if (row instanceof StoredFile.Live live) {
                newer = compare(p.generation(), p.targetGeneration(), live.generation(), live.targetGeneration()) >= 0;
            } else {
                newer = p.generation() > ((StoredFile.Withdrawn) row).generation();
            }
            if (!newer) {
                LOG.debugf("Ignored a stale profile.published for %s (generation %s)", p.path(), p.generation());
                return Optional.empty();
            }
        }
        StoredFile.Live live = new StoredFile.Live(p.path(), nextRevision(c), p.kind(), p.mac(), p.generation(),
                p.targetGeneration(), p.contentType(), p.sha256(), p.contentBytes());
        upsert(c, live.path(), live.revision(), "live", live.kind(), live.mac(), live.generation(),
                live.targetGeneration(), live.contentType(), live.sha256(), live.content(), null);
        return Optional.of(live);
    }

    private Optional<StoredFile> withdraw(Connection c, ProfileWithdrawn w) throws SQLException {
        Optional<StoredFile> current = find(c, w.path());
        Long generation = w.generation();
        if (current.isPresent()) {
            StoredFile row = current.get();
            if (!sameOwner(row, w.kind(), w.mac())) {
                LOG.warnf("Ignored profile.withdrawn for %s: the path belongs to another owner", w.path());
                return Optional.empty();
            }
            if (w.kind() != ProfileKind.STAGE0) {
                long held = row instanceof StoredFile.Live live ? live.generation()
                        : ((StoredFile.Withdrawn) row).generation();
                // A withdrawal covers its generation and older: a newer file at the path survives it, and a
                // tombstone already covering it stays as it is (so a retirement is never downgraded).
                if (held > generation || (row instanceof StoredFile.Withdrawn && held == generation)) {
                    return Optional.empty();
                }
            } else if (row instanceof StoredFile.Withdrawn) {
                return Optional.empty();
            }
        }
        StoredFile.Withdrawn gone = new StoredFile.Withdrawn(w.path(), nextRevision(c), w.kind(), w.mac(), generation,
                w.reason());
        upsert(c, gone.path(), gone.revision(), "withdrawn", gone.kind(), gone.mac(), generation, null, null, null,
                null, gone.reason());
        return Optional.of(gone);
    }

    private static boolean sameOwner(StoredFile row, ProfileKind kind, String mac) {
        if (row instanceof StoredFile.Live live) {
            return live.kind() == kind && Objects.equals(live.mac(), mac);
        }
        if (row instanceof StoredFile.Withdrawn gone) {
            return gone.kind() == kind && Objects.equals(gone.mac(), mac);
        }
        return true;
    }

    private static int compare(long g1, long t1, long g2, long t2) {
        int byGeneration = Long.compare(g1, g2);
        return byGeneration != 0 ? byGeneration : Long.compare(t1, t2);
    }

    private static long nextRevision(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('file_revision')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void upsert(Connection c, String path, long revision, String state, ProfileKind kind, String mac,
                               Long generation, Long targetGeneration, String contentType, String sha256,
                               byte[] content, WithdrawalReason reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO published_file (" + COLUMNS + ", changed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) ON CONFLICT (path) DO UPDATE SET"
                + " revision = excluded.revision, state = excluded.state, kind = excluded.kind, mac = excluded.mac,"
                + " generation = excluded.generation, target_generation = excluded.target_generation,"
                + " content_type = excluded.content_type, sha256 = excluded.sha256, content = excluded.content,"
                + " withdrawal_reason = excluded.withdrawal_reason, changed_at = now()")) {
            ps.setString(1, path);
            ps.setLong(2, revision);
            ps.setString(3, state);
            ps.setString(4, kind.code());
            ps.setString(5, mac);
            setLong(ps, 6, generation);
            setLong(ps, 7, targetGeneration);
            ps.setString(8, contentType);
            ps.setString(9, sha256);
            ps.setBytes(10, content);
            ps.setString(11, reason == null ? null : reason.code());
            ps.executeUpdate();
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    /** The row at {@code path}, read outside any transaction; {@link StoredFile.Absent} if there is none. */
    public StoredFile find(String path) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, path).orElseGet(() -> new StoredFile.Absent(path));
        } catch (SQLException e) {
            throw new StoreException("could not read the file store (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private static Optional<StoredFile> find(Connection c, String path) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM published_file WHERE path = ?")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The highest revision committed so far; 0 for an empty table. */
    public long maxRevision() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(revision), 0) FROM published_file");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("could not read the file store (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** Up to {@code limit} rows changed after {@code revision}, in revision order. */
    public List<StoredFile> changesAfter(long revision, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM published_file WHERE revision > ? ORDER BY revision LIMIT ?")) {
            ps.setLong(1, revision);
            ps.setInt(2, limit);
            List<StoredFile> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("could not read the file store (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /**
     * Streams the live files, newest first, to {@code sink} until it returns {@code false}: how the cache is warmed.
     */
    public void forEachLiveNewestFirst(Predicate<StoredFile.Live> sink) {
        try (Connection c = dataSource.getConnection()) {
            // A cursor (fetch size, no autocommit) so a large table is not read into memory at once.
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM published_file WHERE state = 'live' ORDER BY revision DESC")) {
                ps.setFetchSize(500);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!sink.test((StoredFile.Live) read(rs))) {
                            break;
                        }
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the file store (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** The newest generation a device's live chain files lead to, if it has any. */
    public Optional<Long> newestTargetGeneration(String mac) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT max(target_generation) FROM published_file"
                     + " WHERE mac = ? AND kind = 'chain' AND state = 'live'")) {
            ps.setString(1, mac);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long g = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(g);
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the file store (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private static StoredFile read(ResultSet rs) throws SQLException {
        String path = rs.getString(1);
        long revision = rs.getLong(2);
        ProfileKind kind = kind(rs.getString(4));
        String mac = rs.getString(5);
        Long generation = rs.getObject(6, Long.class);
        if ("live".equals(rs.getString(3))) {
            return new StoredFile.Live(path, revision, kind, mac, generation, rs.getObject(7, Long.class),
                    rs.getString(8), rs.getString(9), rs.getBytes(10));
        }
        return new StoredFile.Withdrawn(path, revision, kind, mac, generation, reason(rs.getString(11)));
    }

    private static ProfileKind kind(String code) {
        for (ProfileKind k : ProfileKind.values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        throw new IllegalStateException("unknown kind in published_file: " + code);
    }

    private static WithdrawalReason reason(String code) {
        for (WithdrawalReason r : WithdrawalReason.values()) {
            if (r.code().equals(code)) {
                return r;
            }
        }
        return WithdrawalReason.OTHER;
    }
}
