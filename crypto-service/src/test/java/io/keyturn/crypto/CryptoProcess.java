package io.keyturn.crypto;

import io.keyturn.testsupport.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * crypto-service as production runs it ({@link ServiceProcess}), on a PostgreSQL schema of its own, with the KEK and
 * sealing key of this test run in 0600 files, ready to be killed with SIGKILL and started again on the same state.
 */
final class CryptoProcess {

    private CryptoProcess() {
    }

    /**
     * Starts the service on {@code schema} and waits until it is ready; its output is appended to a log in
     * {@code workDir}. A JVM that exits before it is ready is started again, twice at most.
     */
    static ServiceProcess start(String schema, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path keyring = secretFile(workDir.resolve("kek.keyring"),
                ConfigProvider.getConfig().getValue("keyturn.crypto.kek.keyring", String.class));
        Path sealing = secretFile(workDir.resolve("staging-seal.pem"),
                ConfigProvider.getConfig().getValue("keyturn.crypto.staging-seal.key", String.class));
        return ServiceProcess.builder("crypto-service")
                .jvm("-Xmx256m", "-XX:TieredStopAtLevel=1",
                        "-Dquarkus.flyway.schemas=" + schema,
                        "-Dquarkus.datasource.jdbc.additional-jdbc-properties.currentSchema=" + schema,
                        "-Dkeyturn.platform.outbox.poll-interval=100ms", "-Dkeyturn.crypto.stranded-interval=1s",
                        // A killed JVM's connections linger until PostgreSQL notices; a small pool and a patient first
                        // connection keep restarts from failing on a loaded machine.
                        "-Dquarkus.datasource.jdbc.max-size=6", "-Dquarkus.datasource.jdbc.acquisition-timeout=60s")
                .env("KEYTURN_CRYPTO_PROVISIONING_HOST", "prov.keyturn.test")
                .env("KEYTURN_CRYPTO_KEK_KEYRING_FILE", keyring.toAbsolutePath().toString())
                .env("KEYTURN_CRYPTO_KEK_ACTIVE_ID", CryptoKeysResource.KEK_ID)
                .env("KEYTURN_CRYPTO_STAGING_SEAL_KEY_FILE", sealing.toAbsolutePath().toString())
                .log(workDir.resolve("crypto-service.log"))
                .readyWithin(Duration.ofSeconds(120))
                .attempts(3)
                .start();
    }

    private static Path secretFile(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
        return file;
    }
}
