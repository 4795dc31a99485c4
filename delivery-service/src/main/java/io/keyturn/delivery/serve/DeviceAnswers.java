package io.keyturn.delivery.serve;

import io.keyturn.events.delivery.DenialReason;
import io.keyturn.events.delivery.FetchResult;

/**
 * The rules that answer a device's HTTP request, for both servers that take them: the device port's Netty handler
 * ({@link DeviceHttpConnection}) and the Vert.x servers, HTTPS and Quarkus' port ({@link HttpDelivery}). The rules
 * decide the status and record what the fetch log and the miss limiter must know; each server only writes the
 * status in its own way. Before this, each server carried its own copy of these decisions.
 */
final class DeviceAnswers {

    /** What a request gets before the store is asked. */
    enum Screen {
        /** Neither GET nor HEAD: 405 with {@code Allow: GET, HEAD}; recorded. */
        METHOD_NOT_ALLOWED,
        /** A path no device file can have: 404; recorded. */
        MALFORMED,
        /**
         * {@code /bootstrap/<mac>.xml}: it holds a key, so only HTTPS serves it, to that device's certificate
         * ({@link DevicePath#mtlsBootstrapMac}); nothing is recorded yet.
         */
        MTLS_BOOTSTRAP,
        /** A path a stored file may have: ask the {@link Gatekeeper}. */
        LOOKUP
    }

    /** The status a gate's answer is written as. */
    enum Reply {
        /** 200: the file (GET) or its headers (HEAD). The server records the fetch once the bytes are written. */
        CONTENT(200),
        /** 304: the client holds this revision ({@code If-None-Match}); recorded. */
        NOT_MODIFIED(304),
        /** 404, whatever the cause: a client learns nothing about what exists. The gate recorded it. */
        NOT_FOUND(404),
        /** 429 with {@code Retry-After}: the source's misses are rate-limited. */
        TOO_MANY(429),
        /** 503 with {@code Retry-After}: the store could not answer. */
        UNAVAILABLE(503);

        private final int status;

        Reply(int status) {
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private DeviceAnswers() {
    }

    /** Screens a request by its method and path, and records a refusal. */
    static Screen screen(Gatekeeper gate, FetchRequest request, String method) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            gate.refuse(request, DenialReason.METHOD_NOT_ALLOWED, null, "http method "
                    + (method.matches("[A-Z]{1,16}") ? method : "(unusual)"));
            return Screen.METHOD_NOT_ALLOWED;
        }
        if (DevicePath.check(request.path()).isEmpty()) {
            gate.refuse(request, DenialReason.MALFORMED_REQUEST, null, "malformed path");
            return Screen.MALFORMED;
        }
        return DevicePath.mtlsBootstrapMac(request.path()).isPresent() ? Screen.MTLS_BOOTSTRAP : Screen.LOOKUP;
    }

    /**
     * The reply to the gate's answer; a 304 is recorded here.
     *
     * @param ifNoneMatch the request's {@code If-None-Match}, or null
     */
    static Reply reply(Gatekeeper gate, FetchRequest request, Gatekeeper.Answer answer, String ifNoneMatch) {
        if (answer instanceof Gatekeeper.Answer.Serve serve) {
            if (matchesEtag(ifNoneMatch, serve.file().sha256())) {
                gate.served(request, serve.file(), FetchResult.NOT_MODIFIED, 0);
                return Reply.NOT_MODIFIED;
            }
            return Reply.CONTENT;
        }
        if (answer instanceof Gatekeeper.Answer.Limited) {
            return Reply.TOO_MANY;
        }
        if (answer instanceof Gatekeeper.Answer.Unavailable) {
            return Reply.UNAVAILABLE;
        }
        return Reply.NOT_FOUND;
    }

    /** A file's entity tag: its SHA-256 in quotes. */
    static String etag(String sha256) {
        return "\"" + sha256 + "\"";
    }

    /** Whether {@code ifNoneMatch} is exactly the entity tag of {@code sha256}, without building that tag. */
    static boolean matchesEtag(String ifNoneMatch, String sha256) {
        return ifNoneMatch != null && ifNoneMatch.length() == sha256.length() + 2 && ifNoneMatch.charAt(0) == '"'
                && ifNoneMatch.charAt(ifNoneMatch.length() - 1) == '"'
                && ifNoneMatch.regionMatches(1, sha256, 0, sha256.length());
    }
}
