package io.keyturn.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.keyturn.events.SealedSecret;
import io.keyturn.registry.domain.CsvImportReader;
import io.keyturn.registry.domain.DeviceRegistrar;
import io.keyturn.registry.domain.ImportLine;
import io.keyturn.registry.domain.ImportReader;
import io.keyturn.registry.domain.RegistryException;
import io.keyturn.registry.domain.SecretSealing;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the CSV and NDJSON import readers together with the registrar that checks each record, as an
 * import runs them (plain Java, no database): tens of thousands of mutated and random files. For every file the
 * reader either refuses the header with {@code INVALID_IMPORT} or yields records whose line numbers only increase
 * and stay within the file, each one a device or a line error; the registrar then accepts a record or refuses it
 * with a {@link RegistryException}, never another exception; and no message ever quotes the staging key. Seeded:
 * replay with {@code -Dkeyturn.seed=N}, run longer with {@code -Dkeyturn.fuzz.files=N}.
 */
class ImportReaderFuzzTest {

    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);
    private static final int FILES = Integer.getInteger("keyturn.fuzz.files", 6_000);
    private static final String STAGING_KEY = "Stage-Key-Fuzz-7391";

    private static final String CSV = "mac,model,serial,group,tenant,bootstrapMode,stagingKey,params.Display_Name_1_,"
            + "params.Proxy_1_\n"
            + "00:0e:08:aa:bb:01,SPA962,88012BA01234,region/north,isp-1,,,Front desk,sip.example\n"
            + "000E08AABB02,SPA2102,,region/north/city,isp-1,staging-key," + STAGING_KEY + ",\"Desk, \"\"B\"\"\",\n"
            + "00-0e-08-aa-bb-03,PAP2T,,,,,,,\r\n"
            + "000e08aabb04,SPA122,SN-4,a/b,t,,,\"multi\nline\",x\n";
    private static final String NDJSON =
            "{\"mac\":\"000e08aabb11\",\"model\":\"SPA942\",\"params\":{\"Proxy_1_\":\"sip.example\"}}\n"
            + "{\"mac\":\"00:0E:08:AA:BB:12\",\"model\":\"SPA962\",\"stagingKey\":\"" + STAGING_KEY
            + "\",\"bootstrapMode\":\"staging-key\",\"group\":\"x/y\"}\n"
            + "\n"
            + "{\"mac\":\"000e08aabb13\",\"model\":\"SPA122\",\"serial\":\"S\",\"tenant\":\"t\",\"params\":{}}\n";
    /** Pieces a mutation splices in: the characters and tokens the formats give meaning to, and hostile text. */
    private static final String[] TOKENS = {"\"", "\"\"", ",", "\n", "\r\n", "\r", "\u0000", "{", "}", "[", "]", ":",
        "\\", "\\u0000", "params.", "params.Password_1_", "stagingKey", "mac", "model", "null", "true", "1e999",
        "-0", "\uFEFF", "\uD800", "Zürich-☎", "x'; DROP TABLE device; --", "<script>", "%00", "../", "/", "//",
        "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", "\u202E", "SPA962", "spa962", "00:0e:08:aa:bb:ff", "staging-key", "mtls"};

    private final SecretSealing sealing = (secret, context) -> new SealedSecret("fuzz", "fuzz-key", "c2VhbGVk");
    private final DeviceRegistrar registrar = new DeviceRegistrar(sealing, Clock.systemUTC());

    @Test
    void csvFilesOfAnyShapeYieldLineErrorsOrDevicesAndNothingElse() {
        Random random = new Random(SEED);
        int[] outcomes = new int[3];
        for (int i = 0; i < FILES; i++) {
            String file = mutate(random, CSV);
            check(file, true, outcomes);
        }
        System.out.printf("CSV fuzz, seed %d: %d files, %d devices registered, %d records refused, %d headers refused%n",
                SEED, FILES, outcomes[0], outcomes[1], outcomes[2]);
        assertThat(outcomes[0]).as("some mutated CSV files still register devices").isPositive();
        assertThat(outcomes[1]).as("some records are refused").isPositive();
    }

    @Test
    void ndjsonFilesOfAnyShapeYieldLineErrorsOrDevicesAndNothingElse() {
        Random random = new Random(SEED + 1);
        int[] outcomes = new int[3];
        for (int i = 0; i < FILES; i++) {
            String file = mutate(random, NDJSON);
            check(file, false, outcomes);
        }
        System.out.printf("NDJSON fuzz, seed %d: %d files, %d devices registered, %d records refused%n", SEED + 1,
                FILES, outcomes[0], outcomes[1]);
        assertThat(outcomes[0]).as("some mutated NDJSON files still register devices").isPositive();
        assertThat(outcomes[1]).as("some records are refused").isPositive();
    }

    /** Files the fuzzer broke the readers with, kept so each fault stays fixed. */
    @Test
    void replaysWhatTheFuzzerFound() throws IOException {
        // A line that is the JSON literal null: Jackson returns no object, and the reader threw a NullPointerException.
        NdjsonImportReader nulls = new NdjsonImportReader(new StringReader("null\r\n{\"mac\":\"000e08aabb21\","
                + "\"model\":\"SPA942\"}\n"));
        ImportLine first = nulls.next();
        assertThat(first.line()).isEqualTo(1);
        assertThat(first.error().getMessage()).contains("not a JSON device object");
        assertThat(nulls.next().input().mac()).isEqualTo("000e08aabb21");
        assertThat(nulls.next()).isNull();

        // A quote left open for more than a record's length: reported once, and nothing after it is read (the reader
        // went on reading from inside the quoted text, and reported the same line again and again).
        String runaway = "mac,model,serial\n000e08aabb22,SPA962,\"" + "x\n".repeat(CsvImportReader.MAX_RECORD) + "\n"
                + "000e08aabb23,SPA962,\n";
        CsvImportReader open = new CsvImportReader(new StringReader(runaway));
        ImportLine broken = open.next();
        assertThat(broken.line()).isEqualTo(2);
        assertThat(broken.error().getMessage()).contains("the rest of the file is not read");
        assertThat(open.next()).isNull();

        // A header column params. with no name is a fault of the header (the whole file refused), not of one field.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CsvImportReader(new StringReader(
                        "mac,model,params.\n000e08aabb24,SPA962,x\n")))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_IMPORT));
    }

    /** outcomes: [registered, refused by reader or registrar, header refused]. */
    private void check(String file, boolean csv, int[] outcomes) {
        long lines = file.chars().filter(c -> c == '\n').count() + 1;
        ImportReader reader;
        try {
            reader = csv ? new CsvImportReader(new StringReader(file)) : new NdjsonImportReader(new StringReader(file));
        } catch (RegistryException e) {
            assertThat(e.reason()).as(describe(file)).isEqualTo(RegistryException.Reason.INVALID_IMPORT);
            // Header faults quote the column names, which are not secrets even when a mutation put the key's text there.
            String header = file.contains("\n") ? file.substring(0, file.indexOf('\n')) : file;
            if (!header.contains(STAGING_KEY.substring(0, 12))) {
                assertNoSecret(e.getMessage(), file);
            }
            outcomes[2]++;
            return;
        } catch (IOException | RuntimeException e) {
            fail("header of " + describe(file) + " threw " + e, e);
            return;
        }
        long last = 0;
        int records = 0;
        try {
            ImportLine line;
            while ((line = reader.next()) != null) {
                assertThat(++records).as("records of %s", describe(file)).isLessThanOrEqualTo((int) lines);
                assertThat(line.line()).as("line numbers of %s", describe(file)).isGreaterThan(last)
                        .isLessThanOrEqualTo(lines);
                last = line.line();
                assertThat(line.input() == null).as("device xor error").isNotEqualTo(line.error() == null);
                if (line.error() != null) {
                    assertNoSecret(line.error().getMessage(), file);
                    outcomes[1]++;
                    continue;
                }
                try {
                    registrar.register(line.input());
                    outcomes[0]++;
                } catch (RegistryException e) {
                    if (!elsewhere(line.input())) {
                        assertNoSecret(e.getMessage(), file);
                    }
                    outcomes[1]++;
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(describe(file) + " threw " + e, e);
        }
    }

    /**
     * Whether a mutation moved the key's text into a field that is not a secret (a MAC, a group, a parameter), whose
     * value an error may quote.
     */
    private static boolean elsewhere(io.keyturn.registry.domain.DeviceInput in) {
        java.util.stream.Stream<String> open = java.util.stream.Stream.concat(java.util.stream.Stream.of(in.mac(),
                in.model(), in.serial(), in.group(), in.tenant(), in.bootstrapMode()),
                in.params() == null ? java.util.stream.Stream.empty()
                        : in.params().entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())));
        return open.anyMatch(v -> v != null && v.contains(STAGING_KEY.substring(0, 12)));
    }

    private static void assertNoSecret(String message, String file) {
        if (message != null && file.contains(STAGING_KEY)) {
            assertThat(message).as("a message about %s", describe(file)).doesNotContain(STAGING_KEY)
                    .doesNotContain(STAGING_KEY.substring(0, 12));
        }
    }

    /** One to eight mutations of the seed, or (one time in ten) a file of random characters. */
    static String mutate(Random random, String seed) {
        if (random.nextInt(10) == 0) {
            StringBuilder noise = new StringBuilder();
            for (int i = 0, n = random.nextInt(400); i < n; i++) {
                noise.append(random.nextInt(4) == 0 ? TOKENS[random.nextInt(TOKENS.length)]
                        : String.valueOf((char) random.nextInt(random.nextBoolean() ? 128 : 0x3000)));
            }
            return random.nextBoolean() ? seed.substring(0, seed.indexOf('\n') + 1) + noise : noise.toString();
        }
        StringBuilder s = new StringBuilder(seed);
        for (int m = 1 + random.nextInt(8); m > 0 && s.length() > 0; m--) {
            int at = random.nextInt(s.length() + 1);
            switch (random.nextInt(7)) {
                case 0 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 1 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(12)));
                case 2 -> {
                    if (at < s.length()) {
                        s.setCharAt(at, (char) (s.charAt(at) ^ (1 << random.nextInt(7))));
                    }
                }
                case 3 -> {
                    int from = random.nextInt(s.length());
                    int to = Math.min(s.length(), from + 1 + random.nextInt(60));
                    s.insert(at, s.substring(from, to));
                }
                case 4 -> s.insert(at, String.valueOf(TOKENS[random.nextInt(TOKENS.length)])
                        .repeat(1 + random.nextInt(random.nextInt(20) == 0 ? 70_000 : 40)));
                case 5 -> s.setLength(at);
                default -> s.insert(at, new String(randomBytes(random), StandardCharsets.UTF_8));
            }
        }
        return s.toString();
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[1 + random.nextInt(16)];
        random.nextBytes(b);
        return b;
    }

    private static String describe(String file) {
        String shown = file.length() > 300 ? file.substring(0, 300) + "…(" + file.length() + " chars)" : file;
        return "file " + shown.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0") + " (seed " + SEED
                + ")";
    }
}
