package io.keyturn.protocol.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.keyturn.protocol.ProtocolException;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded properties of the parser. A failure message names the case's seed; rerun one case with
 * {@code -Dkeyturn.seed=<base>} (the base is printed too) to replay the whole run.
 */
class RulePropertyTest {

    private static final int ROUND_TRIP_CASES = 500;
    private static final int FUZZ_BATCHES = 50;
    private static final int FUZZ_PER_BATCH = 100;

    static LongStream roundTripSeeds() {
        return LongStream.range(0, ROUND_TRIP_CASES).map(i -> RuleGenerator.BASE_SEED + i);
    }

    static LongStream fuzzSeeds() {
        return LongStream.range(0, FUZZ_BATCHES).map(i -> RuleGenerator.BASE_SEED * 31 + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("roundTripSeeds")
    void formatsEveryRuleToTextThatParsesBackToIt(long seed) {
        RuleGenerator generator = new RuleGenerator(seed);
        Rule rule = generator.rule();
        String text = rule.format();

        Rule parsed;
        try {
            parsed = Rule.parse(text, rule.kind());
        } catch (ProtocolException e) {
            throw new AssertionError(replay(seed) + ": " + text + " was refused: " + e.getMessage(), e);
        }
        assertThat(parsed).as(replay(seed) + ": %s", text).isEqualTo(rule);
        assertThat(parsed.format()).as(replay(seed)).isEqualTo(text);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("roundTripSeeds")
    void evaluatesEveryRuleOrRefusesItWithAProtocolReason(long seed) {
        RuleGenerator generator = new RuleGenerator(seed);
        Rule rule = generator.rule();
        for (int i = 0; i < 5; i++) {
            DeviceContext device = generator.device();
            try {
                rule.evaluate(device).ifPresent(r -> assertThat(r.toString()).isNotNull());
            } catch (ProtocolException e) {
                assertThat(e.reason()).as(replay(seed)).isIn(ProtocolException.Reason.MALFORMED_URL,
                        ProtocolException.Reason.NO_SERVER);
            } catch (RuntimeException e) {
                fail(replay(seed) + ": evaluating " + rule.format() + " threw " + e, e);
            }
        }
    }

    @ParameterizedTest(name = "batch seed {0}")
    @MethodSource("fuzzSeeds")
    void refusesGarbageOnlyWithAProtocolExceptionAndRoundTripsWhatItAccepts(long seed) {
        RuleGenerator generator = new RuleGenerator(seed);
        DeviceContext device = generator.device();
        for (int i = 0; i < FUZZ_PER_BATCH; i++) {
            String input = i % 2 == 0 ? generator.garbage() : generator.mutated();
            check(seed, i, input, t -> Rule.parse(t, RuleKind.PROFILE_RULE).format(), device);
            check(seed, i, input, t -> Condition.parse(t).format(), device);
        }
    }

    private static void check(long seed, int index, String input, Function<String, String> parseAndFormat,
            DeviceContext device) {
        String formatted;
        try {
            formatted = parseAndFormat.apply(input);
        } catch (RuleSyntaxException e) {
            assertThat(e.column()).as(replay(seed) + " #" + index + ": column for %s", input)
                    .isBetween(1, input.length() + 1);
            assertThat(e.getMessage()).as("one line").doesNotContain("\n").doesNotContain("\r");
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(replay(seed) + " #" + index + ": " + escape(input) + " threw " + e, e);
        }
        try {
            assertThat(parseAndFormat.apply(formatted)).as(replay(seed) + " #" + index + ": %s", escape(input))
                    .isEqualTo(formatted);
        } catch (RuntimeException e) {
            throw new AssertionError(replay(seed) + " #" + index + ": accepted " + escape(input) + " but not its format "
                    + escape(formatted), e);
        }
        try {
            Rule.parse(input).evaluate(device);
        } catch (ProtocolException ignored) {
            // Refused, or resolved to a bad URL: both are reasons, not crashes.
        } catch (RuntimeException e) {
            throw new AssertionError(replay(seed) + " #" + index + ": evaluating " + escape(input) + " threw " + e, e);
        }
    }

    private static String replay(long seed) {
        return "seed " + seed + " (base " + RuleGenerator.BASE_SEED + ", -Dkeyturn.seed to replay)";
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }
}
