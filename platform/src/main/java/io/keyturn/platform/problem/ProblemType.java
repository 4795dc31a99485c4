package io.keyturn.platform.problem;

import java.net.URI;

/**
 * One kind of problem a REST API answers, Strimzi-style: each service keeps an enum of its reasons that implements
 * this, and each reason maps 1:1 to a stable {@code type} URI, a fixed title and a status.
 */
public interface ProblemType {

    /** The base of every {@code type} URI; the reason's code follows it. */
    String TYPE_BASE = "https://keyturn.io/problems/";

    /** Kebab-case code, stable forever once published: {@code device-not-found}. */
    String code();

    /** Short, fixed, human-readable summary that does not change from occurrence to occurrence. */
    String title();

    /** HTTP status code of every occurrence. */
    int status();

    /** {@code https://keyturn.io/problems/<code>}. */
    default URI type() {
        return URI.create(TYPE_BASE + code());
    }
}
