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
 * {@code --report}). The run passes only when {@code stranded} is 0, every unit is either confirmed on the newest
 * generation or listed as {@code failed}, and exactly the units built with a wrong staging key failed.
 *
 * @param stranded active devices (they confirmed once) that do not hold the newest generation, or whose resyncs
 *     keep failing: the operator believes them provisioned and they are not
 * @param failed devices that never confirmed their bootstrap, each with the reason seen from both sides
 * @param expectedFailed how many units were built with a wrong staging key on purpose
 * @param generations how many devices sit at each newest issued generation
 * @param secondsPerCampaign wall time of each campaign, from its creation until it completed
 */
record DemoReport(int devices, int httpsUnits, int rotations, SortedMap<Long, Integer> generations, int confirmed,
        int stranded, List<Failed> failed, int expectedFailed, int failingResyncs, long fetchesTftp, long fetchesHttp,
        long fetchesHttps, long resyncFailures, Offline offline, Resets resets, Storm storm,
        List<Double> secondsPerCampaign, double millisPerRotation, double seconds) {

    /** A device that never confirmed its bootstrap: the registry's view and the unit's own syslog. */
    record Failed(String mac, String registryState, long confirmedGeneration, String unitError, long unitFailureLines) {

        String reason() {
            return "never confirmed its bootstrap (registry state " + registryState + ", confirmed generation "
                    + confirmedGeneration + "); unit syslog: " + unitFailureLines + " x 'Resync failed: " + unitError + "'";
        }
    }

    /** Units that missed campaigns while offline, and whether they caught up. */
    record Offline(int units, int campaignsMissed, int caughtUp) {
    }

    /** Units factory-reset after the campaigns, re-armed by the operator, and whether they came back. */
    record Resets(int units, int stagingKey, int mtls, int backOnNewest) {
    }

    /**
     * Every unit rebooting at once.
     *
     * @param failureReasons each failed resync in the storm as {@code mac: syslog failure line}, by MAC
     */
    record Storm(boolean ran, long resyncs, long failures, List<String> failureReasons, double seconds) {
        Storm {
            failureReasons = List.copyOf(failureReasons);
        }
    }

    boolean passed() {
        return stranded == 0 && failed.size() == expectedFailed && confirmed + failed.size() == devices;
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("devices: " + devices);
        lines.add("units https: " + httpsUnits);
        lines.add("rotations: " + rotations);
        generations.forEach((g, n) -> lines.add("generation " + g + ": " + n));
        lines.add("confirmed: " + confirmed);
        lines.add("stranded: " + stranded);
        lines.add("failed: " + failed.size());
        failed.forEach(f -> lines.add("failed " + f.mac() + ": " + f.reason()));
        lines.add("failing resyncs: " + failingResyncs);
        lines.add("fetches tftp: " + fetchesTftp);
        lines.add("fetches http: " + fetchesHttp);
        lines.add("fetches https: " + fetchesHttps);
        lines.add("resync failures: " + resyncFailures);
        lines.add("offline units: " + offline.units());
        lines.add("offline campaigns missed: " + offline.campaignsMissed());
        lines.add("offline caught up: " + offline.caughtUp());
        lines.add("factory resets: " + resets.units());
        lines.add("factory resets back on newest: " + resets.backOnNewest());
        if (storm.ran()) {
            lines.add("storm resyncs: " + storm.resyncs());
            lines.add("storm failures: " + storm.failures());
            storm.failureReasons().forEach(r -> lines.add("storm failure " + r));
            lines.add(String.format(Locale.ROOT, "storm seconds: %.1f", storm.seconds()));
        }
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
