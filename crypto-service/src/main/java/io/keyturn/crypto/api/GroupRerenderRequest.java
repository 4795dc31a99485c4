package io.keyturn.crypto.api;

/** {@code {"group":"region/north"}}: re-render every device in the group and below. */
public record GroupRerenderRequest(String group) {
}
