package io.keyturn.protocol.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The protocol library's fuzz targets and their corpora. Each corpus lives in
 * {@code src/test/resources/fuzz/<Target>/}: hand-made seeds, plus every input a fuzzer ever found a fault
 * with (kept after the fix, so the fault stays fixed: {@link FuzzCorpusTest} replays them all).
 */
record FuzzTargets(String name, Class<?> type, Consumer<byte[]> entry) {

    static final Path CORPORA = Path.of("src/test/resources/fuzz");

    static List<FuzzTargets> all() {
        return List.of(
                new FuzzTargets("RuleFuzz", RuleFuzz.class, RuleFuzz::fuzzerTestOneInput),
                new FuzzTargets("FlatProfileFuzz", FlatProfileFuzz.class, FlatProfileFuzz::fuzzerTestOneInput),
                new FuzzTargets("ProfileCipherFuzz", ProfileCipherFuzz.class, ProfileCipherFuzz::fuzzerTestOneInput),
                new FuzzTargets("TftpPacketFuzz", TftpPacketFuzz.class, TftpPacketFuzz::fuzzerTestOneInput));
    }

    Path corpus() {
        return CORPORA.resolve(name);
    }

    List<Path> corpusFiles() {
        try (Stream<Path> files = Files.list(corpus())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
