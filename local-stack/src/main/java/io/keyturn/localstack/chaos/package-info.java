/**
 * The chaos suite of issue 9: a seeded fault schedule injected into the real local stack while a simulated fleet
 * walks rotation campaigns, and the invariants checked once it has settled (no unit stranded, every unit on the
 * newest generation, campaign counters exact, every rotation's lifecycle on {@code keyturn.rotations}, nothing
 * applied twice). The schedule and the checks are plain Java ({@link io.keyturn.localstack.chaos.FaultSchedule},
 * {@link io.keyturn.localstack.chaos.InvariantCheck}); {@link io.keyturn.localstack.chaos.ChaosRun} drives a stack.
 */
package io.keyturn.localstack.chaos;
