package io.keyturn.testsupport.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which roles each operation of a service's operator API admits, written down in the service's test so that a new
 * endpoint without an entry fails {@link OperatorApiRoleContract}. An operation is {@code "METHOD /path"} exactly as
 * the OpenAPI document names it, e.g. {@code "GET /api/v1/devices/{mac}"}.
 */
public final class RoleTable {

    public static final String FLEET_ADMIN = "fleet-admin";
    public static final String OPERATOR = "operator";
    public static final String AUDITOR = "auditor";
    public static final String SERVICE = "keyturn-service";
    /** Every role a keyturn token can carry (CONTRACTS.md, "Roles"). */
    public static final List<String> ROLES = List.of(FLEET_ADMIN, OPERATOR, AUDITOR, SERVICE);

    /** What one operation admits. {@code anyToken}: any valid token, whatever its roles (the session endpoint). */
    public record Entry(Set<String> roles, boolean write, boolean anyToken) {
    }

    private final Map<String, Entry> entries;

    private RoleTable(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** Builds a table; every operation once. */
    public static final class Builder {

        private final Map<String, Entry> entries = new LinkedHashMap<>();

        /** An operation that changes nothing, whatever its method (a dry run may be a POST). */
        public Builder read(String operation, String... roles) {
            return put(operation, new Entry(roles(roles), false, false));
        }

        /**
         * An operation that changes state.
         *
         * @throws IllegalArgumentException if it admits auditors: an auditor only ever reads
         */
        public Builder write(String operation, String... roles) {
            Set<String> set = roles(roles);
            if (set.contains(AUDITOR)) {
                throw new IllegalArgumentException(operation + " is a write and an auditor only reads");
            }
            return put(operation, new Entry(set, true, false));
        }

        /** A read open to any valid token, whatever its roles. */
        public Builder anyToken(String operation) {
            return put(operation, new Entry(Set.copyOf(ROLES), false, true));
        }

        public RoleTable build() {
            return new RoleTable(new LinkedHashMap<>(entries));
        }

        private Builder put(String operation, Entry entry) {
            if (!operation.matches("(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /\\S*")) {
                throw new IllegalArgumentException("an operation is \"METHOD /path\", not " + operation);
            }
            if (entries.putIfAbsent(operation, entry) != null) {
                throw new IllegalArgumentException(operation + " is in the table twice");
            }
            return this;
        }

        private static Set<String> roles(String... roles) {
            Set<String> set = new TreeSet<>(List.of(roles));
            if (set.isEmpty() || !ROLES.containsAll(set)) {
                throw new IllegalArgumentException("roles must be some of " + ROLES + ", not " + set);
            }
            return Collections.unmodifiableSet(set);
        }
    }
}
