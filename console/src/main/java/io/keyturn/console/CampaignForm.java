package io.keyturn.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.TemplateData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The campaign form as typed: checked field by field before anything is sent, so each bad field gets its own
 * message next to it and nothing reaches the scheduler until all are fine.
 */
@TemplateData
public record CampaignForm(String group, String ratePerMinute, String canaryPercent, String stopAfter,
        String includeOffline) {

    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,64}(/[A-Za-z0-9._-]{1,64}){0,15}");
    private static final Pattern STOP = Pattern.compile("(\\d{1,6})/(\\d{1,7})");

    /** Field name to message; empty when the form can be sent. */
    public Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        if (group == null || group.isBlank()) {
            errors.put("group", "Enter the group to rotate, e.g. region/north.");
        } else if (!GROUP.matcher(group.strip()).matches()) {
            errors.put("group", "A group is segments of letters, digits, '.', '-' or '_', separated by '/'.");
        }
        Integer rate = integer(ratePerMinute);
        if (rate == null || rate < 1 || rate > 100_000) {
            errors.put("ratePerMinute", "Enter a whole number of rotations per minute from 1 to 100000.");
        }
        Double canary = decimal(canaryPercent);
        if (canary == null || canary < 0 || canary > 100) {
            errors.put("canaryPercent", "Enter a percentage from 0 to 100.");
        }
        var m = stopAfter == null ? null : STOP.matcher(stopAfter.strip());
        if (m == null || !m.matches()) {
            errors.put("stopAfter", "Write the stop rule as N/M, e.g. 10/1000: halt when N of the last M fail.");
        } else if (Long.parseLong(m.group(1)) < 1 || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
            errors.put("stopAfter", "N must be at least 1 and at most M.");
        }
        return errors;
    }

    public boolean offline() {
        return "on".equals(includeOffline) || "true".equals(includeOffline);
    }

    /** The scheduler's CampaignRequest; only called once {@link #errors()} is empty. */
    public ObjectNode toRequest() {
        ObjectNode n = Backends.object();
        n.put("group", group.strip());
        n.put("ratePerMinute", Integer.parseInt(ratePerMinute.strip()));
        n.put("canaryPercent", Double.parseDouble(canaryPercent.strip()));
        n.put("stopAfter", stopAfter.strip());
        n.put("includeOffline", offline());
        return n;
    }

    /** Minutes to request every target at the chosen rate, as the preflight shows it. */
    public static long expectedMinutes(long targets, int ratePerMinute) {
        return ratePerMinute <= 0 ? 0 : (targets + ratePerMinute - 1) / ratePerMinute;
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double decimal(String s) {
        try {
            double d = s == null ? Double.NaN : Double.parseDouble(s.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
