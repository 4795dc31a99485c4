package io.keyturn.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Fleet page's counts over the devices it listed: by state, model and group, and how many are at each
 * generation (newest issued) and each confirmed generation.
 *
 * @param truncated whether the registry had more devices than the page reads (the counts then cover a sample)
 */
@TemplateData
public record FleetSummary(int devices, Map<String, Integer> byState, Map<String, Integer> byModel,
        Map<String, Integer> byGroup, Map<Long, Integer> byConfirmedGeneration, int unconfirmedAhead, boolean truncated) {

    public static FleetSummary of(List<JsonNode> devices, boolean truncated) {
        Map<String, Integer> state = new TreeMap<>();
        Map<String, Integer> model = new TreeMap<>();
        Map<String, Integer> group = new TreeMap<>();
        Map<Long, Integer> confirmed = new TreeMap<>();
        int ahead = 0;
        for (JsonNode d : devices) {
            state.merge(d.path("state").asText("unknown"), 1, Integer::sum);
            model.merge(d.path("model").asText("unknown"), 1, Integer::sum);
            group.merge(d.path("group").asText("-"), 1, Integer::sum);
            long c = d.path("confirmedGeneration").asLong(0);
            confirmed.merge(c, 1, Integer::sum);
            if (d.path("generation").asLong(0) > c) {
                ahead++;
            }
        }
        return new FleetSummary(devices.size(), state, model, group, confirmed, ahead, truncated);
    }

    /** The largest bucket of the generation histogram, so bars can be drawn to scale. */
    public int largestGeneration() {
        return byConfirmedGeneration.values().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** A generation's bar length in percent of the largest. */
    public int share(Long generation) {
        return byConfirmedGeneration.getOrDefault(generation, 0) * 100 / Math.max(1, largestGeneration());
    }
}
