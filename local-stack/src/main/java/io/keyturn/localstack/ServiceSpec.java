package io.keyturn.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * One keyturn service as the stack runs it: its module, its database (named after its schema; null for the console,
 * which keeps none), its port.
 */
record ServiceSpec(String name, String database, ToIntFunction<Ports> port) {

    static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("registry-service", "registry", Ports::registry),
            new ServiceSpec("crypto-service", "crypto", Ports::crypto),
            new ServiceSpec("rotation-scheduler", "scheduler", Ports::scheduler),
            new ServiceSpec("delivery-service", "delivery", Ports::delivery));

    /** The operator console (module console): started after the services when it is built, else left out. */
    static final ServiceSpec CONSOLE = new ServiceSpec("console", null, Ports::console);

    /** The services, and the console when its jar exists under {@code projectRoot}. */
    static List<ServiceSpec> launched(Path projectRoot) {
        return java.nio.file.Files.isRegularFile(CONSOLE.jar(projectRoot))
                ? java.util.stream.Stream.concat(ALL.stream(), java.util.stream.Stream.of(CONSOLE)).toList()
                : ALL;
    }

    /** The fast-jar {@code mvn package} leaves in the module. */
    Path jar(Path projectRoot) {
        return projectRoot.resolve(name).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** The environment the service's {@code %prod} profile reads ({@code KEYTURN_*}, see its application.properties). */
    Map<String, String> environment(Ports ports, String kafkaBootstrap, String jdbcUrl, String dbPassword,
            Path jwtPublicKey, String httpHost, StackSecrets secrets) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", httpHost);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port.applyAsInt(ports)));
        if (database != null) {
            env.put("KEYTURN_DB_URL", jdbcUrl);
            env.put("KEYTURN_DB_USER", database);
            env.put("KEYTURN_DB_PASSWORD", dbPassword);
        }
        env.put("KEYTURN_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("KEYTURN_JWT_PUBLIC_KEY_LOCATION", jwtPublicKey.toUri().toString());
        switch (name) {
            case "registry-service" -> env.put("KEYTURN_REGISTRY_STAGING_SEAL_PUBLIC_KEY_FILE",
                    secrets.sealingPublicKey().toString());
            case "crypto-service" -> {
                env.put("KEYTURN_CRYPTO_KEK_KEYRING_FILE", secrets.kekKeyring().toString());
                env.put("KEYTURN_CRYPTO_KEK_ACTIVE_ID", StackSecrets.KEK_ID);
                env.put("KEYTURN_CRYPTO_STAGING_SEAL_KEY_FILE", secrets.sealingPrivateKey().toString());
                // Where the simulated devices (and real ones on this host) fetch their profiles from.
                env.put("KEYTURN_CRYPTO_PROVISIONING_HOST", "127.0.0.1:" + ports.delivery());
                env.put("KEYTURN_CRYPTO_PROVISIONING_HTTPS_HOST", "127.0.0.1:" + ports.deliveryHttps());
            }
            case "delivery-service" -> {
                // The public HTTP port is the device listener's; Quarkus' own server sits behind it, on the loopback.
                env.put("KEYTURN_DELIVERY_HTTP_HOST", httpHost);
                env.put("KEYTURN_DELIVERY_HTTP_PORT", Integer.toString(port.applyAsInt(ports)));
                env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
                env.put("QUARKUS_HTTP_PORT", "0");
                env.put("KEYTURN_DELIVERY_HTTPS_PORT", Integer.toString(ports.deliveryHttps()));
                env.put("KEYTURN_DELIVERY_TFTP_PORT", Integer.toString(ports.deliveryTftp()));
                env.put("KEYTURN_DELIVERY_CRYPTO_URL", "http://127.0.0.1:" + ports.crypto());
                env.put("KEYTURN_DELIVERY_CRYPTO_TOKEN_FILE", secrets.deliveryToken().toString());
                env.put("KEYTURN_DELIVERY_TLS_CERT_FILE", secrets.deliveryTlsCert().toString());
                env.put("KEYTURN_DELIVERY_TLS_KEY_FILE", secrets.deliveryTlsKey().toString());
                env.put("KEYTURN_DELIVERY_TLS_DEVICE_CA_DIR", secrets.deviceCas().toString());
            }
            case "console" -> {
                env.put("KEYTURN_CONSOLE_REGISTRY_URL", "http://127.0.0.1:" + ports.registry());
                env.put("KEYTURN_CONSOLE_CRYPTO_URL", "http://127.0.0.1:" + ports.crypto());
                env.put("KEYTURN_CONSOLE_SCHEDULER_URL", "http://127.0.0.1:" + ports.scheduler());
                // The dev sign-in mints tokens with the stack's throw-away issuer, as `keyturn dev token` does.
                env.put("KEYTURN_CONSOLE_DEV_ISSUER", jwtPublicKey.getParent().toString());
            }
            default -> {
            }
        }
        return env;
    }
}
