package io.keyturn.registry.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.keyturn.events.EventJson;
import io.keyturn.events.SealedSecret;
import io.keyturn.events.device.BootstrapMode;
import io.keyturn.registry.domain.Device;
import io.keyturn.registry.domain.DeviceFilter;
import io.keyturn.registry.domain.DeviceModel;
import io.keyturn.registry.domain.DeviceState;
import io.keyturn.registry.domain.GroupPath;
import io.keyturn.registry.domain.RotationView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The device table, over the JTA-enlisted datasource so every call joins the caller's transaction. */
@ApplicationScoped
public class DeviceRepository {

    static final String COLUMNS = "mac, model, psn, serial, group_path, tenant, bootstrap_mode, sealed_staging_key,"
            + " params, sealed_params, state, version, created_at, updated_at, generation, confirmed_generation,"
            + " rotation_state, last_rotation_at, confirmed_at";

    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, SealedSecret>> SEALED_PARAMS = new TypeReference<>() {
    };

    final ObjectMapper json = EventJson.newObjectMapper();
    private final AgroalDataSource dataSource;

    @Inject
    public DeviceRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts the device; false if its MAC is already registered (decommissioned devices included). */
    public boolean insert(Device d, UUID importId) {
        String sql = "INSERT INTO device (" + COLUMNS + ", import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,"
                + " ?::jsonb, ?, ?, ?, ?, NULL, NULL, 'idle', NULL, NULL, ?) ON CONFLICT (mac) DO NOTHING";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindDevice(ps, d);
            ps.setObject(i, importId);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new RepositoryException("insert device", e);
        }
    }

    /** Writes {@code d} if the stored version is still {@code expectedVersion}; false if someone was first. */
    public boolean update(Device d, long expectedVersion) {
        String sql = "UPDATE device SET model = ?, psn = ?, serial = ?, group_path = ?, tenant = ?, bootstrap_mode = ?,"
                + " sealed_staging_key = ?::jsonb, params = ?::jsonb, sealed_params = ?::jsonb, state = ?, version = ?,"
                + " updated_at = ? WHERE mac = ? AND version = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, d.model().name());
            ps.setString(2, d.model().psn());
            ps.setString(3, d.serial());
            ps.setString(4, d.groupPath());
            ps.setString(5, d.tenant());
            ps.setString(6, d.bootstrapMode().code());
            ps.setString(7, d.sealedStagingKey() == null ? null : write(d.sealedStagingKey()));
            ps.setString(8, write(d.params()));
            ps.setString(9, write(d.sealedParams()));
            ps.setString(10, d.state().code());
            ps.setLong(11, d.version());
            ps.setTimestamp(12, Timestamp.from(d.updatedAt()));
            ps.setString(13, d.mac());
            ps.setLong(14, expectedVersion);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new RepositoryException("update device", e);
        }
    }

    public Optional<Device> find(String mac) {
        return find(mac, false);
    }

    /** The device, its row locked until the transaction ends when {@code forUpdate}. */
    public Optional<Device> find(String mac, boolean forUpdate) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM device WHERE mac = ?"
                     + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, mac);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new RepositoryException("read device", e);
        }
    }

    /**
     * Up to {@code limit} devices matching {@code filter} with a MAC after {@code afterMac}, by MAC. Keyset paging:
     * a device added while an operator pages shows up on a later page if its MAC sorts after the cursor, and no
     * device is ever repeated or skipped.
     */
    public List<Device> page(DeviceFilter filter, String afterMac, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM device WHERE true");
        List<Object> args = new ArrayList<>();
        if (afterMac != null) {
            sql.append(" AND mac > ?");
            args.add(afterMac);
        }
        if (filter.groupPrefix() != null) {
            // LIKE metacharacters cannot occur: GroupPath allows letters, digits, . _ - and /; '_' is escaped.
            sql.append(" AND (group_path = ? OR group_path LIKE ? ESCAPE '\\')");
            args.add(filter.groupPrefix());
            args.add(filter.groupPrefix().replace("_", "\\_") + "/%");
        }
        if (filter.model() != null) {
            sql.append(" AND model = ?");
            args.add(filter.model());
        }
        if (filter.state() != null) {
            sql.append(" AND state = ?");
            args.add(filter.state().code());
        }
        if (filter.tenant() != null) {
            sql.append(" AND tenant = ?");
            args.add(filter.tenant());
        }
        if (filter.unconfirmedBefore() != null) {
            sql.append(" AND state NOT IN ('decommissioned', 'suspended')"
                    + " AND (confirmed_generation IS NULL OR generation > confirmed_generation)"
                    + " AND coalesce(last_rotation_at, created_at) < ?");
            args.add(Timestamp.from(filter.unconfirmedBefore()));
        }
        sql.append(" ORDER BY mac LIMIT ?");
        args.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<Device> out = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new RepositoryException("list devices", e);
        }
    }

    /** The current version of each of {@code ids} that exists. */
    public Map<String, Long> templateVersions(List<String> ids) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, version FROM template WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            Map<String, Long> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new RepositoryException("read template versions", e);
        }
    }

    /** Fills the first 14 parameters of an insert in {@link #COLUMNS} order; the index of the next one. */
    int bindDevice(PreparedStatement ps, Device d) throws SQLException {
        ps.setString(1, d.mac());
        ps.setString(2, d.model().name());
        ps.setString(3, d.model().psn());
        ps.setString(4, d.serial());
        ps.setString(5, d.groupPath());
        ps.setString(6, d.tenant());
        ps.setString(7, d.bootstrapMode().code());
        ps.setString(8, d.sealedStagingKey() == null ? null : write(d.sealedStagingKey()));
        ps.setString(9, write(d.params()));
        ps.setString(10, write(d.sealedParams()));
        ps.setString(11, d.state().code());
        ps.setLong(12, d.version());
        ps.setTimestamp(13, Timestamp.from(d.createdAt()));
        ps.setTimestamp(14, Timestamp.from(d.updatedAt()));
        return 15;
    }

    Device read(ResultSet rs) throws SQLException {
        String key = rs.getString(8);
        return new Device(
                rs.getString(1),
                DeviceModel.require(rs.getString(2)),
                rs.getString(4),
                GroupPath.ofNullable(rs.getString(5)),
                rs.getString(6),
                bootstrapMode(rs.getString(7)),
                key == null ? null : read(key, SealedSecret.class),
                read(rs.getString(9), PARAMS),
                read(rs.getString(10), SEALED_PARAMS),
                DeviceState.of(rs.getString(11)),
                rs.getLong(12),
                instant(rs, 13),
                instant(rs, 14),
                new RotationView(nullableLong(rs, 15), nullableLong(rs, 16), rs.getString(17), instant(rs, 18),
                        instant(rs, 19)));
    }

    private static BootstrapMode bootstrapMode(String code) {
        return Arrays.stream(BootstrapMode.values()).filter(m -> m.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown stored bootstrap mode"));
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device fields always serialise", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored device field does not parse", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored device field does not parse", e);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static void setNullable(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }
}
