package io.keyturn.crypto.api;

/** How many devices a group re-render touched. */
public record GroupRerenderView(String group, int devices) {
}
