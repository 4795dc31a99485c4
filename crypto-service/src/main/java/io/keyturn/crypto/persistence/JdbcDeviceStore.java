package io.keyturn.crypto.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.keyturn.crypto.domain.Device;
import io.keyturn.crypto.domain.DeviceStore;
import io.keyturn.crypto.domain.Generation;
import io.keyturn.crypto.domain.GenerationState;
import io.keyturn.crypto.domain.KeyRing;
import io.keyturn.crypto.domain.RotationChain;
import io.keyturn.crypto.domain.WrappedKey;
import io.keyturn.events.EventJson;
import io.keyturn.events.KeyFingerprint;
import io.keyturn.events.SealedSecret;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.events.device.TemplateRef;
import io.keyturn.protocol.crypto.ProfileKey;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;

/** Devices, chains, templates and stage-0 records in the crypto schema, over the caller's JDBC transaction. */
@ApplicationScoped
public class JdbcDeviceStore implements DeviceStore {

    private static final int TEMPLATE_CACHE = 1_024;
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() { };
    private static final TypeReference<Map<String, SealedSecret>> SEALED = new TypeReference<>() { };
    private static final TypeReference<List<TemplateRef>> TEMPLATES = new TypeReference<>() { };

    private final AgroalDataSource dataSource;
    private final KeyRing keyRing;
    private final ObjectMapper json = EventJson.newObjectMapper();
    /**
     * Parsed templates by id and version: every file a device gets is rendered from them, and parsing a 60 KB
     * template per file was the largest cost of a rotation after the cipher. Immutable, so shared; bounded by
     * clearing, since a fleet has a few hundred templates at most.
     */
    private final Map<TemplateKey, FlatProfile> templates = new ConcurrentHashMap<>();

    @Inject
    public JdbcDeviceStore(AgroalDataSource dataSource, KeyRing keyRing) {
        this.dataSource = dataSource;
        this.keyRing = keyRing;
    }

    @Override
    public Optional<Device> lock(String mac) {
        return load(mac, true);
    }

    @Override
    public Optional<Device> find(String mac) {
        return load(mac, false);
    }

    @Override
    public OptionalLong confirmedGeneration(String mac) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT confirmed_generation FROM device WHERE mac = ? AND NOT decommissioned")) {
            ps.setString(1, mac);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the confirmed generation of " + mac + " (SQL state "
                    + e.getSQLState() + ")", e);
        }
    }

    @Override
    public Map<String, Long> confirmedGenerations(Collection<String> macs) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT mac, confirmed_generation FROM device WHERE mac = ANY (?) AND NOT decommissioned")) {
            ps.setArray(1, c.createArrayOf("text", macs.toArray()));
            Map<String, Long> confirmed = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    confirmed.put(rs.getString(1), rs.getLong(2));
                }
            }
            return confirmed;
        } catch (SQLException e) {
            throw new StoreException("could not read the confirmed generations of " + macs.size() + " devices (SQL"
                    + " state " + e.getSQLState() + ")", e);
        }
    }

    private Optional<Device> load(String mac, boolean forUpdate) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM device WHERE mac = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, mac);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(device(rs, generations(c, mac)));
            }
        } catch (SQLException e) {
            throw new StoreException("could not load device " + mac, e);
        }
    }

    /**
     * Locks the devices in MAC order, so two transactions that lock several devices each (a batch of rotations, a
     * template's re-render) wait for each other instead of deadlocking; two reads for all of them.
     */
    @Override
    public Map<String, Device> lockAll(Collection<String> macs) {
        Map<String, Device> out = new HashMap<>();
        if (macs.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement devices = c.prepareStatement(
                     "SELECT * FROM device WHERE mac = ANY (?) ORDER BY mac FOR UPDATE");
             PreparedStatement generations = c.prepareStatement(
                     "SELECT * FROM generation WHERE mac = ANY (?) ORDER BY mac, number")) {
            Array list = c.createArrayOf("text", macs.toArray());
            devices.setArray(1, list);
            // The driver reads the whole result before executeQuery returns: every row is locked from here on, so
            // the generations read next are the ones the locks protect.
            try (ResultSet drs = devices.executeQuery()) {
                Map<String, List<Generation>> chains = new HashMap<>();
                generations.setArray(1, list);
                try (ResultSet rs = generations.executeQuery()) {
                    while (rs.next()) {
                        String mac = rs.getString("mac");
                        chains.computeIfAbsent(mac, m -> new ArrayList<>()).add(generation(rs, mac));
                    }
                }
                while (drs.next()) {
                    String mac = drs.getString("mac");
                    out.put(mac, device(drs, chains.getOrDefault(mac, List.of())));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not load " + macs.size() + " devices", e);
        }
    }

    private Device device(ResultSet rs, List<Generation> generations) throws SQLException {
        String mac = rs.getString("mac");
        RotationChain.State state = new RotationChain.State(mac, rs.getLong("confirmed_generation"),
                rs.getLong("revision"), rs.getLong("announced"), rs.getBoolean("staging_bootstrap"),
                rs.getBoolean("bootstrap_armed"), rs.getLong("bootstrap_target"),
                rs.getLong("bootstrap_revision"), rs.getBoolean("decommissioned"));
        RotationChain chain = RotationChain.restore(state, generations);
        byte[] wrappedStaging = rs.getBytes("staging_key");
        ProfileKey staging = wrappedStaging == null ? null
                : key(new WrappedKey(rs.getString("staging_kek_id"), wrappedStaging), mac + "/staging");
        try {
            return new Device(mac, rs.getLong("version"), rs.getString("model"), rs.getString("psn"),
                    rs.getString("serial"), rs.getString("grp"), mode(rs.getString("bootstrap_mode")), staging,
                    json.readValue(rs.getString("params"), PARAMS),
                    json.readValue(rs.getString("sealed_params"), SEALED),
                    json.readValue(rs.getString("templates"), TEMPLATES), chain);
        } catch (JsonProcessingException e) {
            throw new StoreException("device " + mac + " has an unreadable stored field", e);
        }
    }

    private List<Generation> generations(Connection c, String mac) throws SQLException {
        List<Generation> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM generation WHERE mac = ? ORDER BY number")) {
            ps.setString(1, mac);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(generation(rs, mac));
                }
            }
        }
        return out;
    }

    private Generation generation(ResultSet rs, String mac) throws SQLException {
        long number = rs.getLong("number");
        GenerationState state = GenerationState.fromCode(rs.getString("state"));
        ProfileKey key = state == GenerationState.DESTROYED ? null
                : key(new WrappedKey(rs.getString("kek_id"), rs.getBytes("wrapped_key")), mac + "/" + number);
        return Generation.builder().number(number).directory(rs.getString("directory"))
                .psn(rs.getString("psn")).key(key).stored(true)
                .fingerprint(KeyFingerprint.parse(rs.getString("fingerprint")))
                .requestId(rs.getObject("request_id", UUID.class)).campaignId(rs.getString("campaign_id"))
                .state(state).target(rs.getLong("target")).revision(rs.getLong("revision"))
                .issuedAt(instant(rs, "issued_at")).publishedAt(instant(rs, "published_at"))
                .confirmedAt(instant(rs, "confirmed_at")).retiredAt(instant(rs, "retired_at"))
                .destroyAfter(instant(rs, "destroy_after")).destroyedAt(instant(rs, "destroyed_at"))
                .build();
    }

    @Override
    public void save(Device d) {
        saveAll(List.of(d));
    }

    /** Saves the devices with two batched statements for all of them: one for the devices, one for the generations. */
    @Override
    public void saveAll(Collection<Device> devices) {
        if (devices.isEmpty()) {
            return;
        }
        String which = devices.size() == 1 ? "device " + devices.iterator().next().mac() : devices.size() + " devices";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO device (mac, version, model, psn, serial, grp,"
                    + " bootstrap_mode, staging_key, staging_kek_id, params, sealed_params, templates,"
                    + " confirmed_generation, revision, announced, staging_bootstrap, bootstrap_armed, bootstrap_target,"
                    + " bootstrap_revision, decommissioned) VALUES (?,?,?,?,?,?,?,?,?,?::jsonb,?::jsonb,?::jsonb,?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT (mac) DO UPDATE SET version = EXCLUDED.version, model = EXCLUDED.model,"
                    + " psn = EXCLUDED.psn, serial = EXCLUDED.serial, grp = EXCLUDED.grp,"
                    + " bootstrap_mode = EXCLUDED.bootstrap_mode, staging_key = EXCLUDED.staging_key,"
                    + " staging_kek_id = EXCLUDED.staging_kek_id, params = EXCLUDED.params,"
                    + " sealed_params = EXCLUDED.sealed_params, templates = EXCLUDED.templates,"
                    + " confirmed_generation = EXCLUDED.confirmed_generation, revision = EXCLUDED.revision,"
                    + " announced = EXCLUDED.announced, staging_bootstrap = EXCLUDED.staging_bootstrap,"
                    + " bootstrap_armed = EXCLUDED.bootstrap_armed, bootstrap_target = EXCLUDED.bootstrap_target,"
                    + " bootstrap_revision = EXCLUDED.bootstrap_revision, decommissioned = EXCLUDED.decommissioned,"
                    + " updated_at = now()")) {
                for (Device d : devices) {
                    RotationChain.State s = d.chain().state();
                    WrappedKey staging = d.stagingKey() == null ? null
                            : keyRing.wrap(d.stagingKey().reveal().getBytes(StandardCharsets.US_ASCII),
                                    d.mac() + "/staging");
                    ps.setString(1, d.mac());
                    ps.setLong(2, d.version());
                    ps.setString(3, d.model());
                    ps.setString(4, d.psn());
                    ps.setString(5, d.serial());
                    ps.setString(6, d.group());
                    ps.setString(7, d.bootstrapMode().code());
                    ps.setBytes(8, staging == null ? null : staging.blob());
                    ps.setString(9, staging == null ? null : staging.kekId());
                    ps.setString(10, json.writeValueAsString(d.params()));
                    ps.setString(11, json.writeValueAsString(d.sealedParams()));
                    ps.setString(12, json.writeValueAsString(d.templates()));
                    ps.setLong(13, s.confirmed());
                    ps.setLong(14, s.revision());
                    ps.setLong(15, s.announced());
                    ps.setBoolean(16, s.stagingBootstrap());
                    ps.setBoolean(17, s.bootstrapArmed());
                    ps.setLong(18, s.bootstrapTarget());
                    ps.setLong(19, s.bootstrapRevision());
                    ps.setBoolean(20, s.decommissioned());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            saveGenerations(c, devices);
        } catch (SQLException e) {
            throw new StoreException("could not save " + which, e);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not write the fields of " + which, e);
        }
    }

    /**
     * A generation issued in this transaction is inserted with its key wrapped under the active KEK; one loaded from
     * its row is updated, and its key, already wrapped there, is neither wrapped again nor rewritten (only
     * overwritten once destroyed). A rotation re-points every live generation, so wrapping all of them again on each
     * save was most of the KEK's work.
     */
    private void saveGenerations(Connection c, Collection<Device> devices) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO generation (mac, number, directory, psn,"
                + " wrapped_key, kek_id, fingerprint, state, target, revision, request_id, campaign_id, issued_at,"
                + " published_at, confirmed_at, retired_at, destroy_after, destroyed_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (mac, number) DO UPDATE SET state = EXCLUDED.state, target = EXCLUDED.target,"
                + " revision = EXCLUDED.revision, published_at = EXCLUDED.published_at,"
                + " confirmed_at = EXCLUDED.confirmed_at, retired_at = EXCLUDED.retired_at,"
                + " destroy_after = EXCLUDED.destroy_after, destroyed_at = EXCLUDED.destroyed_at,"
                + " wrapped_key = CASE WHEN EXCLUDED.state = 'destroyed' AND generation.kek_id IS NOT NULL"
                + "   THEN decode(repeat('00', octet_length(generation.wrapped_key)), 'hex')"
                + "   ELSE generation.wrapped_key END,"
                + " kek_id = CASE WHEN EXCLUDED.state = 'destroyed' THEN NULL ELSE generation.kek_id END");
             PreparedStatement update = c.prepareStatement("UPDATE generation SET state = ?, target = ?,"
                + " revision = ?, published_at = ?, confirmed_at = ?, retired_at = ?, destroy_after = ?,"
                + " destroyed_at = ?,"
                + " wrapped_key = CASE WHEN ? = 'destroyed' AND kek_id IS NOT NULL"
                + "   THEN decode(repeat('00', octet_length(wrapped_key)), 'hex') ELSE wrapped_key END,"
                + " kek_id = CASE WHEN ? = 'destroyed' THEN NULL ELSE kek_id END"
                + " WHERE mac = ? AND number = ?")) {
            int inserts = 0;
            int updates = 0;
            for (Device d : devices) {
                for (Generation g : d.chain().generations()) {
                    if (g.stored()) {
                        update.setString(1, g.state().code());
                        update.setLong(2, g.target());
                        update.setLong(3, g.revision());
                        update.setTimestamp(4, ts(g.publishedAt()));
                        update.setTimestamp(5, ts(g.confirmedAt()));
                        update.setTimestamp(6, ts(g.retiredAt()));
                        update.setTimestamp(7, ts(g.destroyAfter()));
                        update.setTimestamp(8, ts(g.destroyedAt()));
                        update.setString(9, g.state().code());
                        update.setString(10, g.state().code());
                        update.setString(11, d.mac());
                        update.setLong(12, g.number());
                        update.addBatch();
                        updates++;
                        continue;
                    }
                    WrappedKey wrapped = null;
                    if (g.key() != null) {
                        byte[] plain = g.key().reveal().getBytes(StandardCharsets.US_ASCII);
                        wrapped = keyRing.wrap(plain, d.mac() + "/" + g.number());
                        Arrays.fill(plain, (byte) 0);
                    }
                    insert.setString(1, d.mac());
                    insert.setLong(2, g.number());
                    insert.setString(3, g.directory());
                    insert.setString(4, g.psn());
                    insert.setBytes(5, wrapped == null ? new byte[0] : wrapped.blob());
                    insert.setString(6, wrapped == null ? null : wrapped.kekId());
                    insert.setString(7, g.fingerprint().value());
                    insert.setString(8, g.state().code());
                    insert.setLong(9, g.target());
                    insert.setLong(10, g.revision());
                    insert.setObject(11, g.requestId());
                    insert.setString(12, g.campaignId());
                    insert.setTimestamp(13, ts(g.issuedAt()));
                    insert.setTimestamp(14, ts(g.publishedAt()));
                    insert.setTimestamp(15, ts(g.confirmedAt()));
                    insert.setTimestamp(16, ts(g.retiredAt()));
                    insert.setTimestamp(17, ts(g.destroyAfter()));
                    insert.setTimestamp(18, ts(g.destroyedAt()));
                    insert.addBatch();
                    inserts++;
                }
            }
            if (inserts > 0) {
                insert.executeBatch();
            }
            if (updates > 0) {
                for (int n : update.executeBatch()) {
                    if (n != 1) {
                        // The row was loaded under this transaction's lock; its absence means the schema was changed
                        // under us, and the key it held cannot be written from here.
                        throw new StoreException("a stored generation's row is missing", null);
                    }
                }
            }
        }
    }

    @Override
    public List<String> devicesUsing(String templateId) {
        return macs("SELECT mac FROM device WHERE NOT decommissioned AND templates @> ?::jsonb ORDER BY mac",
                "[{\"id\":" + quote(templateId) + "}]");
    }

    @Override
    public List<String> devicesInGroup(String group) {
        return macs("SELECT mac FROM device WHERE NOT decommissioned AND (grp = ? OR grp LIKE ?) ORDER BY mac",
                group, group.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%");
    }

    @Override
    public List<String> devicesWithKeysDue(Instant now) {
        return macs("SELECT DISTINCT mac FROM generation WHERE state = 'retired' AND destroy_after <= ?", ts(now));
    }

    @Override
    public Optional<FlatProfile> template(String id, long version) {
        try (Connection c = dataSource.getConnection()) {
            OptionalLong stored = storedVersion(c, id, version);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            TemplateKey key = new TemplateKey(id, stored.getAsLong());
            FlatProfile cached = templates.get(key);
            if (cached != null) {
                return Optional.of(cached);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT xml FROM template WHERE id = ? AND version = ?")) {
                ps.setString(1, id);
                ps.setLong(2, key.version());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    FlatProfile parsed = FlatProfileXml.parse(rs.getString(1));
                    if (templates.size() >= TEMPLATE_CACHE) {
                        templates.clear();
                    }
                    templates.put(key, parsed);
                    return Optional.of(parsed);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not read template " + id, e);
        }
    }

    private static OptionalLong storedVersion(Connection c, String id, long atLeast) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM template WHERE id = ? AND version >= ?")) {
            ps.setString(1, id);
            ps.setLong(2, atLeast);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** A template version never changes (a re-PUT is a new version), so its parsed form can be shared. */
    private record TemplateKey(String id, long version) {
    }

    @Override
    public boolean saveTemplate(String id, long version, String xml) {
        return update("INSERT INTO template (id, version, xml) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE"
                + " SET version = EXCLUDED.version, xml = EXCLUDED.xml, updated_at = now()"
                + " WHERE template.version < EXCLUDED.version", id, version, xml) == 1;
    }

    @Override
    public boolean markStage0(String psn, String sha256) {
        return update("INSERT INTO stage0 (psn, sha256) VALUES (?, ?) ON CONFLICT (psn) DO UPDATE"
                + " SET sha256 = EXCLUDED.sha256, published_at = now() WHERE stage0.sha256 <> EXCLUDED.sha256",
                psn, sha256) == 1;
    }

    private ProfileKey key(WrappedKey wrapped, String context) {
        byte[] plain = keyRing.unwrap(wrapped, context);
        try {
            return ProfileKey.of(new String(plain, StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private List<String> macs(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not list devices", e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not write to the crypto schema", e);
        }
    }

    private String quote(String text) {
        try {
            return json.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BootstrapMode mode(String code) {
        for (BootstrapMode m : BootstrapMode.values()) {
            if (m.code().equals(code)) {
                return m;
            }
        }
        throw new StoreException("unknown stored bootstrap mode " + code, null);
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
