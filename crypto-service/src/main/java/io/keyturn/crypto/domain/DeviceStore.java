package io.keyturn.crypto.domain;

import io.keyturn.protocol.profile.FlatProfile;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Where devices, their chains and templates are kept; every call runs in the caller's transaction. */
public interface DeviceStore {

    /** The device with its chain, locked until the transaction ends. */
    Optional<Device> lock(String mac);

    /**
     * Each of the devices among {@code macs} with its chain, all locked until the transaction ends (in MAC order, so
     * that two such calls never deadlock); unknown ones are absent.
     */
    Map<String, Device> lockAll(Collection<String> macs);

    /** The device with its chain, not locked (for reads). */
    Optional<Device> find(String mac);

    /** A live device's confirmed generation, read without loading or locking it; empty if none is live. */
    OptionalLong confirmedGeneration(String mac);

    /** {@link #confirmedGeneration} of each live device among {@code macs}, in one read; unknown ones are absent. */
    Map<String, Long> confirmedGenerations(Collection<String> macs);

    void save(Device device);

    /** {@link #save} for several devices, in one round trip where the store can. */
    default void saveAll(Collection<Device> devices) {
        devices.forEach(this::save);
    }

    /** The MACs of live devices rendered from template {@code id}. */
    List<String> devicesUsing(String templateId);

    /** The MACs of live devices whose group is {@code group} or below it. */
    List<String> devicesInGroup(String group);

    /** A template at version {@code version} or newer, empty if none is stored yet. */
    Optional<FlatProfile> template(String id, long version);

    /** Stores a template version; an older or equal version than stored changes nothing. Returns whether it did. */
    boolean saveTemplate(String id, long version, String xml);

    /** Records that the stage-0 file for {@code psn} was published with {@code sha256}; false if already so. */
    boolean markStage0(String psn, String sha256);

    /** The MACs of devices holding a retired key whose grace period ended by {@code now}. */
    List<String> devicesWithKeysDue(java.time.Instant now);
}
