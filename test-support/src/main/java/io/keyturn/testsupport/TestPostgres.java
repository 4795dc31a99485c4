package io.keyturn.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The one PostgreSQL server of this test JVM, started on first use on a free port with a throw-away data
 * directory, and stopped (its directory deleted) when the JVM exits. Tests get database {@value #DATABASE},
 * owned by login {@value #LOGIN}.
 */
public final class TestPostgres {

    public static final String DATABASE = "keyturn";
    public static final String LOGIN = "keyturn";

    private static TestPostgres instance;

    private final PostgresServer server;
    private final String password;

    private TestPostgres(PostgresServer server, String password) {
        this.server = server;
        this.password = password;
    }

    /** The shared server, started by the first caller. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = startNew();
        }
        return instance;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(DATABASE);
    }

    public String username() {
        return LOGIN;
    }

    public String password() {
        return password;
    }

    public int port() {
        return server.port();
    }

    private static TestPostgres startNew() {
        Path dir;
        try {
            // World-traversable: a root JVM runs PostgreSQL as an unprivileged user who must reach pg/ inside.
            dir = Files.createTempDirectory("keyturn-test-pg",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for the test PostgreSQL", e);
        }
        try {
            PostgresServer server = PostgresServer.start(dir.resolve("pg"), freePort(), dir.resolve("postgres.log"), false);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.stop();
                } catch (IOException e) {
                    System.err.println("test PostgreSQL did not stop cleanly: " + e.getMessage());
                }
                TempDirs.deleteQuietly(dir);
            }, "test-postgres-stop"));
            String password = PostgresServer.randomPassword();
            server.ensureDatabase(DATABASE, password);
            return new TestPostgres(server, password);
        } catch (IOException e) {
            if (!Files.exists(dir.resolve("pg").resolve("data").resolve("postmaster.pid"))) {
                TempDirs.deleteQuietly(dir);
            }
            throw new UncheckedIOException("could not start the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
