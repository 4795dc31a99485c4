package io.keyturn.platform.problem;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts off a request body that outgrows its route's limit while JAX-RS reads it: a chunked body announces no
 * length, so {@link OversizedBodyGuard} cannot refuse it up front. A 100 MB chunked JSON body against a 1 MB limit
 * costs 1 MB at most, then a 413 problem. A streamed body (an {@code InputStream} parameter) is counted the same way
 * against its route's limit.
 */
@Provider
public class BodyLimitInterceptor implements ReaderInterceptor {

    /** Read on first use: JAX-RS creates interceptors at build time, before the configuration is known. */
    private volatile BodyLimits limits;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new Limited(context.getInputStream(), limit()));
        return context.proceed();
    }

    private long limit() {
        // The guard left the route's limit on the request; a request that reached JAX-RS another way gets the default.
        try (InstanceHandle<CurrentVertxRequest> request = Arc.container().instance(CurrentVertxRequest.class)) {
            RoutingContext ctx = request.isAvailable() ? request.get().getCurrent() : null;
            Long limit = ctx == null ? null : ctx.get(OversizedBodyGuard.LIMIT);
            if (limit != null) {
                return limit;
            }
        }
        BodyLimits l = limits;
        if (l == null) {
            limits = l = BodyLimits.fromConfig();
        }
        return l.of("");
    }

    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new ProblemException(PlatformProblem.PAYLOAD_TOO_LARGE, BodyLimits.detail(limit));
            }
        }
    }
}
