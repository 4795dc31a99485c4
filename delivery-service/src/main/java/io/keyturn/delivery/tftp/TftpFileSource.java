package io.keyturn.delivery.tftp;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Where the {@link TftpServer} gets the files it serves. The server calls {@link #find} on one of
 * its I/O threads, so an implementation must never block there: answer from memory with a completed
 * stage, or start the lookup elsewhere (a database on a cache miss) and complete the stage later.
 * A stage that is not complete within the configured lookup timeout fails the request.
 */
@FunctionalInterface
public interface TftpFileSource {

    /**
     * The content of the file at {@code path}, or empty if there is none for this client.
     *
     * @param path normalised: starts with {@code /}, no empty, {@code .} or {@code ..} segments, no
     *     backslash, printable ASCII (e.g. {@code /spa962.cfg}, {@code /profile/Dz3P/spa962.cfg})
     * @param client the requesting address and port
     * @return a stage with the content; the server never modifies the array, and the source must not
     *     modify it while it may be served
     */
    CompletionStage<Optional<byte[]>> find(String path, InetSocketAddress client);

    /** A source answering at once from {@code files} (read live; use a concurrent map to change it). */
    static TftpFileSource fromMap(Map<String, byte[]> files) {
        Objects.requireNonNull(files, "files");
        return synchronous((path, client) -> Optional.ofNullable(files.get(path)));
    }

    /** A source whose lookup answers at once; it must be an in-memory lookup. */
    static TftpFileSource synchronous(BiFunction<String, InetSocketAddress, Optional<byte[]>> lookup) {
        Objects.requireNonNull(lookup, "lookup");
        return (path, client) -> CompletableFuture.completedFuture(lookup.apply(path, client));
    }
}
