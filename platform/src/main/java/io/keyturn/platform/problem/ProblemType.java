package io.keyturn.platform.problem;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One kind of problem a REST API answers, Strimzi-style: each service keeps an enum of its reasons that implements
 * this, and each reason maps 1:1 to a stable {@code type} URI, a fixed title and a status. An enum constant only
 * holds its {@link Definition}; the accessors come from here, so no service repeats them.
 */
public interface ProblemType {

    /** The base of every {@code type} URI; the reason's code follows it. */
    String TYPE_BASE = "https://keyturn.io/problems/";

    /**
     * What a reason is: its code, title and status, checked once when the enum is loaded.
     *
     * @param code kebab-case code, stable forever once published: {@code device-not-found}
     * @param title short, fixed, human-readable summary that does not change from occurrence to occurrence
     * @param status HTTP status code of every occurrence, 400 to 599
     */
    record Definition(String code, String title, int status) {

        private static final Pattern CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

        public Definition {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(title, "title");
            if (!CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("a problem code is kebab-case: " + code);
            }
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("a problem's status is 4xx or 5xx, not " + status);
            }
        }
    }

    /** This reason's code, title and status. */
    Definition definition();

    /** Kebab-case code, stable forever once published: {@code device-not-found}. */
    default String code() {
        return definition().code();
    }

    /** Short, fixed, human-readable summary that does not change from occurrence to occurrence. */
    default String title() {
        return definition().title();
    }

    /** HTTP status code of every occurrence. */
    default int status() {
        return definition().status();
    }

    /** {@code https://keyturn.io/problems/<code>}. */
    default URI type() {
        return URI.create(TYPE_BASE + code());
    }
}
