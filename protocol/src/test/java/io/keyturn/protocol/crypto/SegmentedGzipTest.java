package io.keyturn.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Segmented gzip ({@link Gzip#compressSegmented}) and its {@link GzipSegmentCache}: one standard gzip member
 * whatever the segments, the same bytes with or without the cache, and a cache that stays within its bound.
 * Property cases are seeded ({@code -Dkeyturn.seed=N}).
 */
class SegmentedGzipTest {

    private static final byte[] SAMPLE = sample();

    static Stream<RandomProfiles.Case> cases() {
        return RandomProfiles.cases(150);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void randomProfilesAndTheirEditsInflateToThemselves(RandomProfiles.Case c) throws IOException {
        Random random = c.random();
        GzipSegmentCache cache = new GzipSegmentCache(random.nextBoolean() ? 1 << 20 : 64 * 1024);
        byte[] profile = random.nextInt(10) == 0 ? SAMPLE : RandomProfiles.profile(random);
        for (int edit = 0; edit < 3; edit++) {
            // Now and then only a prefix is shared: the bytes must not depend on where the mark is.
            int shareable = random.nextInt(3) == 0 ? random.nextInt(profile.length + 1) : profile.length;
            Gzip.Compressed cached = Gzip.compressSegmented(profile, cache, shareable);
            Gzip.Compressed uncached = Gzip.compressSegmented(profile, null, profile.length);

            assertThat(Gzip.decompress(cached.buffer(), 0, cached.length(), Integer.MAX_VALUE)).as("%s, edit %d", c, edit)
                    .isEqualTo(profile);
            assertThat(Arrays.copyOf(cached.buffer(), cached.length())).as("%s, edit %d: the cache changes no byte", c,
                    edit).isEqualTo(Arrays.copyOf(uncached.buffer(), uncached.length()));
            assertThat(jdkGunzip(cached)).as("%s, edit %d", c, edit).isEqualTo(profile);
            profile = edited(profile, random);
        }
        assertThat(cache.bytes()).isLessThanOrEqualTo(cache.maxBytes());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void anyBytesInflateToThemselves(RandomProfiles.Case c) {
        Random random = c.random();
        byte[] data = switch (random.nextInt(4)) {
            case 0 -> new byte[random.nextInt(3)];
            // Lines without an end, longer than any segment: cut at the hard maximum.
            case 1 -> repeated((byte) 'x', Gzip.HARD_MAX_SEGMENT * (1 + random.nextInt(3)) + random.nextInt(100));
            case 2 -> repeated((byte) '\n', random.nextInt(3 * Gzip.MAX_SEGMENT));
            default -> randomBytes(random, random.nextInt(100_000));
        };
        Gzip.Compressed compressed = Gzip.compressSegmented(data, new GzipSegmentCache(), data.length);

        assertThat(Gzip.decompress(compressed.buffer(), 0, compressed.length(), Integer.MAX_VALUE)).as("%s", c)
                .isEqualTo(data);
    }

    @Test
    void segmentsEndAtLineEndsWithinTheirBounds() {
        int[] ends = Gzip.segmentEnds(SAMPLE);
        int from = 0;
        for (int i = 0; i < ends.length; i++) {
            int size = ends[i] - from;
            assertThat(SAMPLE[ends[i] - 1]).isEqualTo((byte) '\n');
            if (i < ends.length - 1) {
                assertThat(size).isBetween(Gzip.MIN_SEGMENT, Gzip.MAX_SEGMENT + 200);
            }
            from = ends[i];
        }
        assertThat(ends[ends.length - 1]).isEqualTo(SAMPLE.length);
        assertThat(ends.length).isGreaterThan(4);
    }

    @Test
    void aNewValueMovesNoBoundary() {
        byte[] other = replace(SAMPLE, "k7q2x9m4w8p3z6t1", "a-much-longer-directory-name-than-before");

        int[] before = Gzip.segmentEnds(SAMPLE);
        int[] after = Gzip.segmentEnds(other);
        int shift = other.length - SAMPLE.length;
        int at = new String(SAMPLE, StandardCharsets.US_ASCII).indexOf("k7q2x9m4w8p3z6t1");
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).isEqualTo(before[i] < at ? before[i] : before[i] + shift);
        }
    }

    @Test
    void aChangedValueDeflatesOnlyItsSegmentAndTheNext() {
        GzipSegmentCache cache = new GzipSegmentCache();
        Gzip.compressSegmented(SAMPLE, cache, SAMPLE.length);
        long misses = cache.misses();

        byte[] changed = replace(SAMPLE, "k7q2x9m4w8p3z6t1", "Dz3P2q9sVgx7LmWbvu0123");
        Gzip.compressSegmented(changed, cache, changed.length);

        assertThat(cache.misses() - misses).isBetween(1L, 2L);
        assertThat(cache.hits()).isEqualTo(Gzip.segmentEnds(SAMPLE).length - (cache.misses() - misses));
    }

    @Test
    void segmentsPastTheSharedMarkAreDeflatedEveryTimeAndNeverKept() {
        GzipSegmentCache cache = new GzipSegmentCache();
        int[] ends = Gzip.segmentEnds(SAMPLE);
        assertThat(ends.length).as("the sample must have several segments").isGreaterThan(3);
        // The mark falls inside a segment: that segment reaches past it, so it is not shared either.
        int mark = ends[ends.length / 2] - 1;
        long shared = Arrays.stream(ends).filter(end -> end <= mark).count();

        Gzip.Compressed first = Gzip.compressSegmented(SAMPLE, cache, mark);
        Gzip.Compressed second = Gzip.compressSegmented(SAMPLE, cache, mark);

        assertThat(cache.segments()).isEqualTo((int) shared);
        assertThat(cache.hits()).isEqualTo(shared);
        assertThat(cache.misses()).isEqualTo(shared);
        Gzip.Compressed alone = Gzip.compressSegmented(SAMPLE, null, 0);
        assertThat(Arrays.copyOf(second.buffer(), second.length())).isEqualTo(Arrays.copyOf(first.buffer(), first.length()))
                .isEqualTo(Arrays.copyOf(alone.buffer(), alone.length()));
    }

    @Test
    void nothingSharedKeepsNothing() {
        GzipSegmentCache cache = new GzipSegmentCache();

        Gzip.compressSegmented(SAMPLE, cache, 0);

        assertThat(cache.segments()).isZero();
        assertThat(cache.hits() + cache.misses()).as("not even looked up").isZero();
    }

    @Test
    void aCipherCachesOnlyWhatItsCallerMarksShared() {
        GzipSegmentCache cache = new GzipSegmentCache();
        ProfileCipher cipher = new ProfileCipher(new OpenSslEnvelope(), ProfileCipher.DEFAULT_MAX_PROFILE_BYTES, cache);

        cipher.payload(SAMPLE, true);
        assertThat(cache.segments()).as("unmarked: nothing shared").isZero();

        cipher.payload(SAMPLE, true, SAMPLE.length);
        assertThat(cache.segments()).isEqualTo(Gzip.segmentEnds(SAMPLE).length);
        assertThatThrownBy(() -> cipher.payload(SAMPLE, true, SAMPLE.length + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staysWithinTwoPercentOfWholeStreamLevelNineOnTheSample() {
        int whole = Gzip.compress(SAMPLE).length();
        int segmented = Gzip.compressSegmented(SAMPLE, null, SAMPLE.length).length();

        assertThat((double) segmented).isLessThanOrEqualTo(whole * 1.02);
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBound() {
        Random random = new Random(RandomProfiles.seed());
        GzipSegmentCache cache = new GzipSegmentCache(40_000);
        for (int i = 0; i < 60; i++) {
            byte[] profile = edited(SAMPLE, random);
            Gzip.Compressed c = Gzip.compressSegmented(profile, cache, profile.length);
            assertThat(cache.bytes()).isLessThanOrEqualTo(40_000);
            assertThat(Gzip.decompress(c.buffer(), 0, c.length(), Integer.MAX_VALUE)).isEqualTo(profile);
        }
        assertThat(cache.segments()).isPositive();
    }

    @Test
    void aCacheOfNoBytesKeepsNothing() {
        GzipSegmentCache cache = new GzipSegmentCache(0);
        Gzip.compressSegmented(SAMPLE, cache, SAMPLE.length);
        Gzip.compressSegmented(SAMPLE, cache, SAMPLE.length);

        assertThat(cache.segments()).isZero();
        assertThat(cache.hits()).isZero();
        assertThat(cache.misses()).isEqualTo(2L * Gzip.segmentEnds(SAMPLE).length);
    }

    @Test
    void threadsSharingACacheEachGetTheirOwnProfile() throws Exception {
        GzipSegmentCache cache = new GzipSegmentCache(200_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Random random = new Random(RandomProfiles.seed() + t);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        byte[] profile = random.nextBoolean() ? SAMPLE : edited(SAMPLE, random);
                        Gzip.Compressed c = Gzip.compressSegmented(profile, cache, profile.length);
                        Gzip.Compressed alone = Gzip.compressSegmented(profile, null, profile.length);
                        assertThat(Arrays.copyOf(c.buffer(), c.length()))
                                .isEqualTo(Arrays.copyOf(alone.buffer(), alone.length()));
                        assertThat(cache.bytes()).isLessThanOrEqualTo(200_000);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.hits()).isPositive();
    }

    @Test
    void gunzipAndOpensslReadASegmentedFile(@TempDir Path dir) throws Exception {
        OpenSslCli.require("openssl");
        ProfileCipher cipher = new ProfileCipher(new OpenSslEnvelope(), ProfileCipher.DEFAULT_MAX_PROFILE_BYTES,
                new GzipSegmentCache());
        String key = "Secret-Phrase_2009";
        byte[] edited = replace(SAMPLE, "k7q2x9m4w8p3z6t1", "Dz3P2q9sVgx7LmWbvu0123");
        cipher.seal(SAMPLE, key, true);

        byte[] file = cipher.seal(edited, key, true);

        assertThat(OpenSslCli.gunzip(dir, OpenSslCli.decrypt(dir, file, key))).isEqualTo(edited);
        assertThat(cipher.open(file, key)).isEqualTo(edited);
    }

    @Test
    void theCacheShowsCountsOnly() {
        GzipSegmentCache cache = new GzipSegmentCache();
        Gzip.compressSegmented(SAMPLE, cache, SAMPLE.length);

        assertThat(cache.toString()).contains("segments").doesNotContain("k7q2x9m4w8p3z6t1");
    }

    /** One to three lines replaced, inserted or removed. */
    private static byte[] edited(byte[] profile, Random random) {
        String[] lines = new String(profile, StandardCharsets.ISO_8859_1).split("\n", -1);
        List<String> out = new ArrayList<>(Arrays.asList(lines));
        for (int n = 1 + random.nextInt(3); n > 0 && out.size() > 2; n--) {
            int at = 1 + random.nextInt(out.size() - 2);
            String line = "  <Edit_" + random.nextInt(1000) + "_ ua=\"na\">" + Long.toHexString(random.nextLong())
                    + "</Edit_>";
            switch (random.nextInt(3)) {
                case 0 -> out.set(at, line);
                case 1 -> out.add(at, line);
                default -> out.remove(at);
            }
        }
        return String.join("\n", out).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] replace(byte[] data, String from, String to) {
        String text = new String(data, StandardCharsets.US_ASCII);
        assertThat(text).contains(from);
        return text.replace(from, to).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] sample() {
        try (InputStream in = SegmentedGzipTest.class.getResourceAsStream("/profiles/spa962-sample.xml")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jdkGunzip(Gzip.Compressed c) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(c.buffer(), 0, c.length()))) {
            return in.readAllBytes();
        }
    }

    private static byte[] repeated(byte b, int n) {
        byte[] out = new byte[n];
        Arrays.fill(out, b);
        return out;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        // Now and then a line end, so that some segments end on content.
        for (int i = 0; i < n; i += 1 + random.nextInt(200)) {
            out[i] = '\n';
        }
        return out;
    }
}
