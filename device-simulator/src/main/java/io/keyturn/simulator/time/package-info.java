/**
 * Time for simulated units: {@link io.keyturn.simulator.time.VirtualScheduler} over a
 * {@link io.keyturn.simulator.time.SimulationClock} for fleets living through months in seconds, and
 * {@link io.keyturn.simulator.time.RealTimeScheduler} for the wall clock.
 */
package io.keyturn.simulator.time;
