package io.keyturn.events.delivery;

/** Limits for text delivery events take from clients. */
final class ClientFields {

    /** The longest User-Agent kept; SPA agents are under 80 characters. */
    static final int MAX_USER_AGENT = 256;
    /** The longest requested path kept in a denial. */
    static final int MAX_REQUESTED_PATH = 512;

    private ClientFields() {
    }
}
