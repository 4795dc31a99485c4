package io.keyturn.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the supervisor tells `status`, `down` and the next `up` about the running stack: per component its pid,
 * port and state, in {@code stack.properties}. Rewritten atomically on every change.
 */
final class StackState {

    enum Phase { STARTING, READY, RESTARTING, STOPPING, STOPPED }

    record Component(String name, long pid, int port, Phase phase, int restarts) {
    }

    private final Path file;
    private final Map<String, Component> components = new TreeMap<>();
    private final Map<String, String> facts = new TreeMap<>();

    StackState(Path file) {
        this.file = file;
    }

    synchronized void fact(String key, String value) {
        facts.put(key, value);
        save();
    }

    synchronized void put(Component component) {
        components.put(component.name(), component);
        save();
    }

    synchronized void phase(String name, Phase phase) {
        Component c = components.get(name);
        if (c != null) {
            put(new Component(c.name(), c.pid(), c.port(), phase, c.restarts()));
        }
    }

    private void save() {
        Properties props = new Properties();
        facts.forEach(props::setProperty);
        for (Component c : components.values()) {
            String prefix = "component." + c.name() + ".";
            props.setProperty(prefix + "pid", Long.toString(c.pid()));
            props.setProperty(prefix + "port", Integer.toString(c.port()));
            props.setProperty(prefix + "phase", c.phase().name().toLowerCase(java.util.Locale.ROOT));
            props.setProperty(prefix + "restarts", Integer.toString(c.restarts()));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            props.store(out, "keyturn local stack; read by ./keyturn status");
        } catch (IOException e) {
            return; // status is informational: a failed write must not take the stack down
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // as above
        }
    }

    /** Reads what a supervisor (running or dead) left behind. */
    static Snapshot read(Path file) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        }
        return new Snapshot(props);
    }

    record Snapshot(Properties props) {

        Optional<String> fact(String key) {
            return Optional.ofNullable(props.getProperty(key));
        }

        Set<String> componentNames() {
            Set<String> names = new LinkedHashSet<>();
            for (String key : new TreeMap<>(props).keySet().stream().map(Object::toString).toList()) {
                if (key.startsWith("component.")) {
                    names.add(key.substring("component.".length(), key.lastIndexOf('.')));
                }
            }
            return names;
        }

        Component component(String name) {
            String prefix = "component." + name + ".";
            return new Component(name,
                    Long.parseLong(props.getProperty(prefix + "pid", "-1")),
                    Integer.parseInt(props.getProperty(prefix + "port", "-1")),
                    Phase.valueOf(props.getProperty(prefix + "phase", "stopped").toUpperCase(java.util.Locale.ROOT)),
                    Integer.parseInt(props.getProperty(prefix + "restarts", "0")));
        }
    }
}
