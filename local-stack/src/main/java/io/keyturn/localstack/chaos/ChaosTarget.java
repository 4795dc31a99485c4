package io.keyturn.localstack.chaos;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * A running local stack as the chaos run reaches it: the operator endpoints, where units fetch from, the broker and
 * PostgreSQL, and the supervisor's files (README "Data directory"): {@code stack.properties} with each component's
 * pid and restarts, {@code hold/<component>}, and the service databases' logins.
 *
 * @param servicePorts each service's HTTP port by name, for its readiness
 * @param logs the directory with one log per component
 */
public record ChaosTarget(URI registry, URI crypto, URI scheduler, String host, int tftpPort,
        Map<String, Integer> servicePorts, String kafkaBootstrap, Path stateFile, Path holds, Path postgresLogins,
        Path logs) {

    public ChaosTarget {
        servicePorts = Map.copyOf(servicePorts);
    }
}
