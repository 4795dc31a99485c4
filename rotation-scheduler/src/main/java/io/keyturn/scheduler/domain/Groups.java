package io.keyturn.scheduler.domain;

import java.util.regex.Pattern;

/** Group paths: {@code region/north/rack-7}; a group contains itself and every path below it. */
public final class Groups {

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._-]{1,64}(/[A-Za-z0-9._-]{1,64}){0,15}");

    private Groups() {
    }

    /** Whether {@code group} is {@code prefix} or below it ({@code region/north} is within {@code region}). */
    public static boolean within(String group, String prefix) {
        return group != null && (group.equals(prefix) || group.startsWith(prefix + "/"));
    }

    /**
     * Checks a group path as the REST API and CLI accept it.
     *
     * @throws SchedulingException {@code UNKNOWN_GROUP} for text that cannot be a group
     */
    public static String require(String group) {
        if (group == null || !PATH.matcher(group).matches()) {
            throw new SchedulingException(SchedulingException.Reason.UNKNOWN_GROUP,
                    "a group is a path of names separated by /, e.g. region/north");
        }
        return group;
    }
}
