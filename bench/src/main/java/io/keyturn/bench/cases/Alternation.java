package io.keyturn.bench.cases;

import io.keyturn.bench.load.HttpLoad;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Measures delivery and its anchor in alternating rounds (A B A B ...) and reports the pair with the median ratio. One
 * measurement of each side, one after the other, took whatever the machine was doing at that moment: nginx's
 * keep-alive figure swung between 60,000 and 78,000 req/s from run to run here, and a ratio goal of 0.8 passed or
 * failed on that luck. Alternating makes both sides meet the same drift, and the median drops a pair that met a
 * stall.
 */
final class Alternation {

    /** One measurement; both sides get the same round number, so they fetch the same random paths. */
    @FunctionalInterface
    interface Round {
        HttpLoad.Result run(int round) throws Exception;
    }

    /** Something run before every round: waiting for the stack to settle, so no round pays for the last one. */
    @FunctionalInterface
    interface BeforeRound {
        void run() throws Exception;
    }

    /**
     * The rounds of each side, in the order they ran.
     *
     * @param delivery delivery's rounds
     * @param anchor   the anchor's rounds; empty when there is no anchor
     */
    record Outcome(List<HttpLoad.Result> delivery, List<HttpLoad.Result> anchor) {

        /** Two rounds measured one after the other, delivery's and the anchor's (null without an anchor). */
        record Pair(int round, HttpLoad.Result delivery, HttpLoad.Result anchor) {
            double ratio() {
                return delivery.perSecond() / anchor.perSecond();
            }
        }

        /**
         * The rounds the row reports. With an anchor: the pair whose ratio is the median of the pairs' ratios (the
         * lower middle for an even count), so the figures shown were measured side by side and divide to the ratio
         * judged. Each pair met the same moment of the machine, so its ratio cancels the drift both sides saw; the
         * ratio of the two medians instead divides rounds from different moments, and one lucky anchor round moved it
         * (0.78 in a run whose pairs went 0.78-1.07). Without an anchor: delivery's median round.
         */
        Pair reported() {
            if (anchor.isEmpty()) {
                return new Pair(-1, median(delivery), null);
            }
            List<Pair> pairs = new ArrayList<>();
            for (int i = 0; i < Math.min(delivery.size(), anchor.size()); i++) {
                pairs.add(new Pair(i, delivery.get(i), anchor.get(i)));
            }
            pairs.sort(Comparator.comparingDouble(Pair::ratio));
            return pairs.get((pairs.size() - 1) / 2);
        }

        /** Failed requests over every round of delivery. */
        long deliveryErrors() {
            return delivery.stream().mapToLong(HttpLoad.Result::errors).sum();
        }

        /** Completed requests over every round of delivery. */
        long deliveryCompleted() {
            return delivery.stream().mapToLong(HttpLoad.Result::completed).sum();
        }

        /** How the figure was taken and how far the rounds spread, for the row's note. */
        String note() {
            if (anchor.isEmpty()) {
                return String.format(Locale.ROOT, "median of %d rounds: delivery %s", delivery.size(), spread(delivery));
            }
            double lowest = Double.MAX_VALUE;
            double highest = 0;
            for (int i = 0; i < Math.min(delivery.size(), anchor.size()); i++) {
                double ratio = delivery.get(i).perSecond() / anchor.get(i).perSecond();
                lowest = Math.min(lowest, ratio);
                highest = Math.max(highest, ratio);
            }
            return String.format(Locale.ROOT, "pair %d of %d alternating rounds, the median ratio: delivery %s, "
                            + "anchor %s, ratio of each pair %.2f-%.2f, ratio of the two medians %.2f",
                    reported().round() + 1, delivery.size(), spread(delivery), spread(anchor), lowest, highest,
                    median(delivery).perSecond() / median(anchor).perSecond());
        }

        /**
         * Every pair as it ran, for the console: {@code delivery/anchor (ratio)} per pair, or delivery's rounds alone.
         * The row keeps the median pair; this shows what it was the median of.
         */
        String pairs() {
            StringBuilder s = new StringBuilder(anchor.isEmpty() ? "rounds, delivery:" : "pairs, delivery/anchor:");
            for (int i = 0; i < delivery.size(); i++) {
                s.append(i == 0 ? " " : ", ").append(String.format(Locale.ROOT, "%,.0f", delivery.get(i).perSecond()));
                if (i < anchor.size()) {
                    s.append(String.format(Locale.ROOT, "/%,.0f (%.2f)", anchor.get(i).perSecond(),
                            delivery.get(i).perSecond() / anchor.get(i).perSecond()));
                }
            }
            return s.toString();
        }

        private static String spread(List<HttpLoad.Result> rounds) {
            double lowest = rounds.stream().mapToDouble(HttpLoad.Result::perSecond).min().orElse(0);
            double highest = rounds.stream().mapToDouble(HttpLoad.Result::perSecond).max().orElse(0);
            return String.format(Locale.ROOT, "%,.0f-%,.0f", lowest, highest);
        }

        private static HttpLoad.Result median(List<HttpLoad.Result> rounds) {
            List<HttpLoad.Result> sorted = new ArrayList<>(rounds);
            sorted.sort(Comparator.comparingDouble(HttpLoad.Result::perSecond));
            // With an even count, the lower of the middle two: the figure never flatters either side.
            return sorted.get((sorted.size() - 1) / 2);
        }
    }

    private Alternation() {
    }

    /**
     * Runs {@code rounds} rounds of each side in turn, delivery first, with {@code before} ahead of every round.
     *
     * @param anchor null when there is no anchor: then only delivery's rounds run
     */
    static Outcome run(int rounds, Round delivery, Round anchor, BeforeRound before)
            throws Exception {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds < 1");
        }
        List<HttpLoad.Result> ours = new ArrayList<>();
        List<HttpLoad.Result> theirs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            before.run();
            ours.add(delivery.run(i));
            if (anchor != null) {
                before.run();
                theirs.add(anchor.run(i));
            }
        }
        return new Outcome(List.copyOf(ours), List.copyOf(theirs));
    }
}
