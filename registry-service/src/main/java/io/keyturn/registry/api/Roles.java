package io.keyturn.registry.api;

/** The JWT groups the operator API knows (CONTRACTS.md, "Roles"). */
final class Roles {
    static final String FLEET_ADMIN = "fleet-admin";
    static final String OPERATOR = "operator";
    static final String AUDITOR = "auditor";
    static final String SERVICE = "keyturn-service";

    private Roles() {
    }
}
