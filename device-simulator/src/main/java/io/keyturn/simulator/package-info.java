/**
 * Simulated SPA units: {@link io.keyturn.simulator.SpaDevice} (identity, parameter store, the
 * firmware's resync engine), {@link io.keyturn.simulator.Fleet} (many units on one network), what they
 * report ({@link io.keyturn.simulator.DeviceStatus}, {@link io.keyturn.simulator.ResyncCounts},
 * {@link io.keyturn.simulator.SyslogLine}) and how they fetch ({@link io.keyturn.simulator.ProfileTransport}).
 * The model and the choices made where the firmware documents are silent are in {@code DESIGN.md}
 * beside this package.
 */
package io.keyturn.simulator;
