/**
 * {@link io.keyturn.simulator.ProfileTransport} implementations: HTTP(S) on {@code java.net.http}
 * shaped like the firmware's client, TFTP on the protocol library's client, and an in-memory server with fault injection for tests.
 */
package io.keyturn.simulator.transport;
