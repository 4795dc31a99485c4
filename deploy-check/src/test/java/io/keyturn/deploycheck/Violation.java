package io.keyturn.deploycheck;

/** One broken rule: which rule, in which object, and what is wrong. */
record Violation(String rule, String where, String message) {

    @Override
    public String toString() {
        return "[" + rule + "] " + where + ": " + message;
    }
}
