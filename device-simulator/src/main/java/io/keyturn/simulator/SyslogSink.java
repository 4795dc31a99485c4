package io.keyturn.simulator;

/** Where devices send their syslog lines: a collector for the runner, a file, a UDP syslog client. */
@FunctionalInterface
public interface SyslogSink {

    /** Drops every line; devices skip formatting when given this sink. */
    SyslogSink DISCARD = line -> { };

    /** Takes one line. Called from the device's thread; must not call back into the device. */
    void accept(SyslogLine line);
}
