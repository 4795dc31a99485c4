package io.keyturn.simulator;

import java.util.ArrayList;
import java.util.List;

/** A {@link SyslogSink} that keeps every line in memory, for tests and short runs. Thread-safe. */
public final class SyslogBuffer implements SyslogSink {

    private final List<SyslogLine> lines = new ArrayList<>();

    @Override
    public synchronized void accept(SyslogLine line) {
        lines.add(line);
    }

    /** Every line so far, oldest first. */
    public synchronized List<SyslogLine> lines() {
        return List.copyOf(lines);
    }

    /** The lines of one unit, oldest first. */
    public synchronized List<SyslogLine> lines(String mac) {
        return lines.stream().filter(l -> l.mac().equals(mac)).toList();
    }

    /** How many lines of this kind were sent. */
    public synchronized long count(SyslogLine.Kind kind) {
        return lines.stream().filter(l -> l.kind() == kind).count();
    }

    /** Forgets every line. */
    public synchronized void clear() {
        lines.clear();
    }
}
