package io.keyturn.localstack.chaos;

/**
 * What one injected fault did and how long the stack took to get over it.
 *
 * @param recoverySeconds from the fault's end (the kill, the release of the hold, the grant back) until every
 *     affected component ran again and every service answered ready
 * @param restarts how many restarts the supervisor counted for the affected components during the fault
 * @param detail what was done, in a few words (records copied, offsets reset, refused writes seen in the log)
 */
public record FaultOutcome(Fault fault, double recoverySeconds, int restarts, String detail) {
}
