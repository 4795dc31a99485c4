package io.keyturn.registry.api;

import io.keyturn.platform.problem.PlatformProblem;
import io.keyturn.platform.problem.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Holds every request body except an import's to {@code keyturn.registry.api.max-body-size}. The HTTP limit must be
 * large for streamed imports, so a JSON body announced or sent larger than this one is cut off here, while it is
 * read, before it fills memory: a 100 MB JSON body costs 1 MB at most.
 */
@Provider
public class BodyLimit implements ReaderInterceptor {

    /** Read on first use: JAX-RS creates interceptors at build time, before config mappings exist. */
    private volatile long limit = -1;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getType() == InputStream.class) {
            // An import streams its body line by line and never holds more than one batch.
            return context.proceed();
        }
        long limit = limit();
        String length = context.getHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > limit) {
                    throw tooLarge(limit);
                }
            } catch (NumberFormatException e) {
                // Vert.x has already refused a malformed Content-Length; count the bytes instead.
            }
        }
        context.setInputStream(new Limited(context.getInputStream(), limit));
        return context.proceed();
    }

    private long limit() {
        if (limit < 0) {
            limit = ConfigProvider.getConfig().getOptionalValue("keyturn.registry.api.max-body-size", MemorySize.class)
                    .map(MemorySize::asLongValue).orElse(1024L * 1024);
        }
        return limit;
    }

    static ProblemException tooLarge(long limit) {
        return new ProblemException(PlatformProblem.PAYLOAD_TOO_LARGE,
                "The request body may hold at most " + limit + " bytes");
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
                throw tooLarge(limit);
            }
        }
    }
}
