package io.keyturn.localstack.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * What a demo run ends with: one {@code name: value} line per figure for scripts (and the same as JSON with
 * {@code --report}). The run passes only when {@code stranded} is 0.
 *
 * @param stranded devices that, after the last campaign and the settling resyncs, do not hold the newest
 *     generation or whose resyncs keep failing
 * @param generations how many devices sit at each newest issued generation
 * @param secondsPerCampaign wall time of each campaign, from its creation until every device confirmed it
 */
record DemoReport(int devices, int rotations, SortedMap<Long, Integer> generations, int confirmed, int stranded,
        int failingResyncs, long fetchesTftp, long fetchesHttp, long fetchesHttps, long resyncFailures,
        List<Double> secondsPerCampaign, double millisPerRotation, double seconds) {

    boolean passed() {
        return stranded == 0 && confirmed == devices;
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("devices: " + devices);
        lines.add("rotations: " + rotations);
        generations.forEach((g, n) -> lines.add("generation " + g + ": " + n));
        lines.add("confirmed: " + confirmed);
        lines.add("stranded: " + stranded);
        lines.add("failing resyncs: " + failingResyncs);
        lines.add("fetches tftp: " + fetchesTftp);
        lines.add("fetches http: " + fetchesHttp);
        lines.add("fetches https: " + fetchesHttps);
        lines.add("resync failures: " + resyncFailures);
        for (int i = 0; i < secondsPerCampaign.size(); i++) {
            lines.add(String.format(Locale.ROOT, "campaign %d seconds: %.1f", i + 1, secondsPerCampaign.get(i)));
        }
        lines.add(String.format(Locale.ROOT, "time per rotation ms: %.2f", millisPerRotation));
        lines.add(String.format(Locale.ROOT, "total seconds: %.1f", seconds));
        lines.add("result: " + (passed() ? "pass" : "FAIL"));
        return lines;
    }

    void writeJson(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        var root = json.valueToTree(this);
        ((com.fasterxml.jackson.databind.node.ObjectNode) root).put("passed", passed());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, json.writeValueAsString(root) + "\n");
    }
}
