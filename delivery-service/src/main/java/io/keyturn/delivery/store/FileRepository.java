package io.keyturn.delivery.store;

import io.agroal.api.AgroalDataSource;
import io.keyturn.events.CloudEvent;
import io.keyturn.events.EventData;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
     * Applies {@code profile.published} and {@code profile.withdrawn} events in one transaction, in the order
     * given (partition order), each event id once however often it appears or was applied before. The store ends
     * exactly as if each event had been applied alone in that order; only the final row of each path is written,
     * with one revision, since no reader can see the states in between.
     *
     * @return the rows as they are now, one per path the events changed, in revision order; what the cache is told
     *     once the transaction has committed
     */
    @Transactional
    public List<StoredFile> applyAll(List<CloudEvent<?>> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))")) {
                lock.setInt(1, REVISION_LOCK);
                lock.execute();
            }
            Set<UUID> first = processed.markAllIfFirst(events.stream().map(CloudEvent::id).toList(), CONSUMER);
            List<EventData> fresh = new ArrayList<>();
            for (CloudEvent<?> event : events) {
                // remove: a second copy of the same event in this batch is a duplicate too
                if (first.remove(event.id())
                        && (event.data() instanceof ProfilePublished || event.data() instanceof ProfileWithdrawn)) {
                    fresh.add(event.data());
                }
            }
            Map<String, Head> heads = heads(c, fresh);
            // path -> the event that leaves its final row; re-inserted on every change, so in the order of the last
            Map<String, EventData> last = new LinkedHashMap<>();
            for (EventData data : fresh) {
                if (data instanceof ProfilePublished p && publishes(heads.get(p.path()), p)) {
                    heads.put(p.path(), new Head(true, p.kind(), p.mac(), p.generation(), p.targetGeneration()));
                    last.remove(p.path());
                    last.put(p.path(), p);
                } else if (data instanceof ProfileWithdrawn w && withdraws(heads.get(w.path()), w)) {
                    heads.put(w.path(), new Head(false, w.kind(), w.mac(), w.generation(), null));
                    last.remove(w.path());
                    last.put(w.path(), w);
                }
            }
            if (last.isEmpty()) {
                return List.of();
            }
            long[] revisions = nextRevisions(c, last.size());
            List<StoredFile> rows = new ArrayList<>(last.size());
            for (EventData data : last.values()) {
                rows.add(row(data, revisions[rows.size()]));
            }
            upsert(c, rows);
            return rows;
        } catch (SQLException e) {
            throw new OutboxException("could not apply " + describe(events) + " (SQL state " + e.getSQLState() + ")",
                    e);
        }
    }

    private static StoredFile row(EventData data, long revision) {
        if (data instanceof ProfilePublished p) {
            return new StoredFile.Live(p.path(), revision, p.kind(), p.mac(), p.generation(), p.targetGeneration(),
                    p.contentType(), p.sha256(), p.contentBytes());
        }
        ProfileWithdrawn w = (ProfileWithdrawn) data;
        return new StoredFile.Withdrawn(w.path(), revision, w.kind(), w.mac(), w.generation(), w.reason());
    }

    private static String describe(List<CloudEvent<?>> events) {
        CloudEvent<?> one = events.get(0);
        return events.size() == 1 ? one.type() + " " + one.id() : events.size() + " profile events";
    }

    /**
     * What deciding a change needs of a row: all but its content, which is therefore never read back (a chain file
     * is ~20 KB, and a rotation re-points the files that are already there).
     */
    private record Head(boolean live, ProfileKind kind, String mac, Long generation, Long targetGeneration) {
    }

    /** The rows at the events' paths, as they are under the lock. */
    private static Map<String, Head> heads(Connection c, List<EventData> events) throws SQLException {
        Map<String, Head> heads = new HashMap<>();
        if (events.isEmpty()) {
            return heads;
        }
        Set<String> paths = new HashSet<>();
        for (EventData data : events) {
            paths.add(data instanceof ProfilePublished p ? p.path() : ((ProfileWithdrawn) data).path());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT path, state, kind, mac, generation, target_generation"
                + " FROM published_file WHERE path = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", paths.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), new Head("live".equals(rs.getString(2)), kind(rs.getString(3)),
                            rs.getString(4), rs.getObject(5, Long.class), rs.getObject(6, Long.class)));
                }
            }
        }
        return heads;
    }

    /** Whether {@code p} replaces what the path holds ({@code current}, null for no row). */
    private static boolean publishes(Head current, ProfilePublished p) {
        if (current == null) {
            return true;
        }
        if (!sameOwner(current, p.kind(), p.mac())) {
            LOG.warnf("Ignored profile.published for %s: the path belongs to another owner", p.path());
            return false;
        }
        boolean newer;
        if (p.kind() == ProfileKind.STAGE0) {
            newer = true;
        } else if (current.live()) {
            newer = compare(p.generation(), p.targetGeneration(), current.generation(), current.targetGeneration()) >= 0;
        } else {
            newer = p.generation() > current.generation();
        }
        if (!newer) {
            LOG.debugf("Ignored a stale profile.published for %s (generation %s)", p.path(), p.generation());
        }
        return newer;
    }

    /** Whether {@code w} withdraws what the path holds ({@code current}, null for no row: a tombstone is kept). */
    private static boolean withdraws(Head current, ProfileWithdrawn w) {
        if (current == null) {
            return true;
        }
        if (!sameOwner(current, w.kind(), w.mac())) {
            LOG.warnf("Ignored profile.withdrawn for %s: the path belongs to another owner", w.path());
            return false;
        }
        if (w.kind() == ProfileKind.STAGE0) {
            return current.live();
        }
        // A withdrawal covers its generation and older: a newer file at the path survives it, and a tombstone
        // already covering it stays as it is (so a retirement is never downgraded).
        long held = current.generation();
        return !(held > w.generation() || (!current.live() && held == w.generation()));
    }

    private static boolean sameOwner(Head row, ProfileKind kind, String mac) {
        return row.kind() == kind && Objects.equals(row.mac(), mac);
    }

    private static int compare(long g1, long t1, long g2, long t2) {
        int byGeneration = Long.compare(g1, g2);
        return byGeneration != 0 ? byGeneration : Long.compare(t1, t2);
    }

    /** {@code count} new revisions in ascending order, taken with one statement. */
    private static long[] nextRevisions(Connection c, int count) throws SQLException {
        long[] revisions = new long[count];
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT nextval('file_revision') FROM generate_series(1, ?)")) {
            ps.setInt(1, count);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; i < count; i++) {
                    rs.next();
                    revisions[i] = rs.getLong(1);
                }
            }
        }
        Arrays.sort(revisions);
        return revisions;
    }

    /** Writes the rows with one batched statement; each path appears once. */
    private static void upsert(Connection c, List<StoredFile> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO published_file (" + COLUMNS + ", changed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) ON CONFLICT (path) DO UPDATE SET"
                + " revision = excluded.revision, state = excluded.state, kind = excluded.kind, mac = excluded.mac,"
                + " generation = excluded.generation, target_generation = excluded.target_generation,"
                + " content_type = excluded.content_type, sha256 = excluded.sha256, content = excluded.content,"
                + " withdrawal_reason = excluded.withdrawal_reason, changed_at = now()")) {
            for (StoredFile row : rows) {
                ps.setString(1, row.path());
                ps.setLong(2, row.revision());
                if (row instanceof StoredFile.Live live) {
                    ps.setString(3, "live");
                    ps.setString(4, live.kind().code());
                    ps.setString(5, live.mac());
                    setLong(ps, 6, live.generation());
                    setLong(ps, 7, live.targetGeneration());
                    ps.setString(8, live.contentType());
                    ps.setString(9, live.sha256());
                    ps.setBytes(10, live.content());
                    ps.setString(11, null);
                } else {
                    StoredFile.Withdrawn gone = (StoredFile.Withdrawn) row;
                    ps.setString(3, "withdrawn");
                    ps.setString(4, gone.kind().code());
                    ps.setString(5, gone.mac());
                    setLong(ps, 6, gone.generation());
                    setLong(ps, 7, null);
                    ps.setString(8, null);
                    ps.setString(9, null);
                    ps.setBytes(10, null);
                    ps.setString(11, gone.reason().code());
                }
                ps.addBatch();
            }
            ps.executeBatch();
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
