package io.keyturn.localstack.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One fault of a schedule: what, during which campaign and after how many of its steps, against which services.
 *
 * @param number its place in the schedule, from 1 (failure messages name it)
 * @param campaign the campaign it falls in, from 0
 * @param afterStep how many virtual-time steps of that campaign pass before it is injected (0: right after the
 *     campaign was created)
 * @param services the services it hits: the killed ones, the one whose consumer group is reset (it is stopped for
 *     that), the one whose clock is skewed, or empty
 * @param topic the topic whose records are duplicated and reordered, else null
 * @param outage how long the broker stays held down, the store refuses writes or a clock stays skewed; zero for the
 *     other kinds
 * @param skew how far the skewed service's clock is shifted (ahead when positive); zero for the other kinds
 * @param detailSeed seeds what the fault chooses as it runs (which records it copies, their order)
 */
public record Fault(int number, FaultKind kind, int campaign, int afterStep, List<String> services, String topic,
        Duration outage, Duration skew, long detailSeed) {

    public Fault {
        Objects.requireNonNull(kind, "kind");
        services = List.copyOf(services);
        Objects.requireNonNull(outage, "outage");
        Objects.requireNonNull(skew, "skew");
        if (number < 1 || campaign < 0 || afterStep < 0) {
            throw new IllegalArgumentException("number from 1, campaign and step from 0");
        }
    }

    /**
     * For example {@code fault 3 (kill-two-services crypto-service+delivery-service, campaign 2 after step 1)} or
     * {@code fault 5 (clock-skew delivery-service -PT7M12S, 9.3 s, campaign 2 after step 0)}.
     */
    public String label() {
        StringBuilder s = new StringBuilder("fault ").append(number).append(" (").append(kind.code());
        if (!services.isEmpty()) {
            s.append(' ').append(String.join("+", services));
        }
        if (topic != null) {
            s.append(' ').append(topic);
        }
        if (!skew.isZero()) {
            s.append(' ').append(skew.isNegative() ? "-" : "+").append(skew.abs());
        }
        if (!outage.isZero()) {
            s.append(", ").append(outage.toMillis() / 1000.0).append(" s");
        }
        return s.append(", campaign ").append(campaign + 1).append(" after step ").append(afterStep).append(')').toString();
    }
}
