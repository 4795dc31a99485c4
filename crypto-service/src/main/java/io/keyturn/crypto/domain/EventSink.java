package io.keyturn.crypto.domain;

import io.keyturn.events.EventData;

/** Takes the events a chain operation emits, in order, in the operation's transaction (the outbox). */
public interface EventSink {

    void emit(EventData event);
}
