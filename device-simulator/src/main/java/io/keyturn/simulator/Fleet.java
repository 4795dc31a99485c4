package io.keyturn.simulator;

import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.simulator.time.Scheduler;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Many units sharing one scheduler, transport, syslog sink and DHCP server, as on one access network.
 * Each unit gets its own random stream derived from the fleet seed and its MAC, so a unit's boot delay
 * and jitter do not depend on which other units exist or in what order they run. Thread-safe.
 */
public final class Fleet {

    private final Scheduler scheduler;
    private final ProfileTransport transport;
    private final SyslogSink syslog;
    private final long seed;
    private final String dhcpServer;
    private final Map<String, SpaDevice> devices = Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * A fleet on one network.
     *
     * @param dhcpServer the DHCP option 66 server every unit is given
     */
    public Fleet(Scheduler scheduler, ProfileTransport transport, SyslogSink syslog, long seed, String dhcpServer) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.syslog = Objects.requireNonNull(syslog, "syslog");
        this.seed = seed;
        this.dhcpServer = Objects.requireNonNull(dhcpServer, "dhcpServer");
    }

    /** Adds a unit fresh from the vendor, powered off. */
    public SpaDevice add(DeviceIdentity identity) {
        return add(identity, FlatProfile.empty());
    }

    /**
     * Adds a unit built with {@code customDefaults} (see {@link SpaDevice.Builder#customDefaults}),
     * powered off.
     *
     * @throws IllegalArgumentException when a unit with that MAC is already in the fleet
     */
    public SpaDevice add(DeviceIdentity identity, FlatProfile customDefaults) {
        SpaDevice device = SpaDevice.builder(identity)
                .transport(transport)
                .scheduler(scheduler)
                .syslog(syslog)
                .dhcpServer(dhcpServer)
                .customDefaults(customDefaults)
                .random(new SplittableRandom(mix(seed, Long.parseLong(identity.mac(), 16))))
                .build();
        if (devices.putIfAbsent(identity.mac(), device) != null) {
            throw new IllegalArgumentException("the fleet already has a unit with MAC " + identity.mac());
        }
        return device;
    }

    /** The unit with this MAC (12 lowercase hex digits). */
    public Optional<SpaDevice> device(String mac) {
        return Optional.ofNullable(devices.get(mac));
    }

    /** Every unit, in the order added. */
    public List<SpaDevice> devices() {
        synchronized (devices) {
            return List.copyOf(devices.values());
        }
    }

    /** How many units the fleet has. */
    public int size() {
        return devices.size();
    }

    /** Powers on every unit: each resyncs after its own Resync_Random_Delay. */
    public void powerOnAll() {
        devices().forEach(SpaDevice::powerOn);
    }

    /**
     * A power-restore storm: every unit reboots at the same instant. With Resync_On_Reset each contacts the
     * server after its own Resync_Random_Delay (0..40 s by default), so the whole fleet arrives within it.
     */
    public void rebootAll() {
        devices().forEach(SpaDevice::reboot);
    }

    /** Takes the units with these MACs off the network (a line or site outage); unknown MACs are refused. */
    public void goOffline(Collection<String> macs) {
        units(macs).forEach(SpaDevice::goOffline);
    }

    /** Puts the units with these MACs back on the network; each fetches again at its next timer. */
    public void comeOnline(Collection<String> macs) {
        units(macs).forEach(SpaDevice::comeOnline);
    }

    /** Factory-resets the units with these MACs: each forgets its profile and starts over at stage 0. */
    public void factoryReset(Collection<String> macs) {
        units(macs).forEach(SpaDevice::factoryReset);
    }

    /** @throws IllegalArgumentException naming the first MAC the fleet does not have, before touching any unit */
    private List<SpaDevice> units(Collection<String> macs) {
        return macs.stream().map(mac -> device(mac).orElseThrow(
                () -> new IllegalArgumentException("the fleet has no unit with MAC " + mac))).toList();
    }

    /** Every unit's status. */
    public List<DeviceStatus> statuses() {
        return devices().stream().map(SpaDevice::status).toList();
    }

    /** The counters summed over the fleet. */
    public ResyncCounts counts() {
        return sum(devices());
    }

    /** The counters summed over {@code units}. */
    public static ResyncCounts sum(Collection<SpaDevice> units) {
        ResyncCounts total = ResyncCounts.ZERO;
        for (SpaDevice d : units) {
            total = total.plus(d.status().counts());
        }
        return total;
    }

    /** SplitMix64's finaliser over seed and MAC: neighbouring MACs get unrelated streams. */
    private static long mix(long seed, long mac) {
        long z = seed + 0x9E3779B97F4A7C15L * (mac + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
