package io.keyturn.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresServerIT {

    private Path dir;

    @BeforeEach
    void makeDirectory() throws Exception {
        dir = Files.createTempDirectory("pg-it", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @AfterEach
    void deleteDirectory() {
        TempDirs.deleteQuietly(dir);
    }

    @Test
    void givesEachLoginItsOwnDatabaseAndKeepsItAcrossARestart() throws Exception {
        int port = TestPostgres.freePort();
        PostgresServer server = PostgresServer.start(dir.resolve("pg"), port, dir.resolve("pg.log"), false);
        try {
            assertThat(server.isRunning()).isTrue();
            server.ensureDatabase("registry", "secret1");
            try (Connection db = DriverManager.getConnection(server.jdbcUrl("registry"), "registry", "secret1");
                    Statement sql = db.createStatement()) {
                sql.execute("CREATE SCHEMA registry");
                sql.execute("CREATE TABLE registry.t (v int)");
                sql.execute("INSERT INTO registry.t VALUES (42)");
            }
            server.stop();
            assertThat(server.isRunning()).isFalse();

            server = PostgresServer.start(dir.resolve("pg"), port, dir.resolve("pg.log"), false);
            try (Connection db = DriverManager.getConnection(server.jdbcUrl("registry"), "registry", "secret1");
                    Statement sql = db.createStatement();
                    ResultSet rs = sql.executeQuery("SELECT v FROM registry.t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void refusesAWrongPasswordAndAnotherServicesDatabase() throws Exception {
        PostgresServer server = PostgresServer.start(dir.resolve("pg"), TestPostgres.freePort(), dir.resolve("pg.log"), false);
        try {
            server.ensureDatabase("crypto", "right");
            server.ensureDatabase("delivery", "other");
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("crypto"), "crypto", "wrong").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection db = DriverManager.getConnection(server.jdbcUrl("delivery"), "crypto", "right");
                    Statement sql = db.createStatement()) {
                assertThatThrownBy(() -> sql.execute("CREATE SCHEMA intruder"))
                        .hasMessageContaining("permission denied");
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void refusesADatabaseNameThatIsNotAPlainIdentifier() throws Exception {
        PostgresServer server = PostgresServer.start(dir.resolve("pg"), TestPostgres.freePort(), dir.resolve("pg.log"), false);
        try {
            assertThatThrownBy(() -> server.ensureDatabase("x; DROP DATABASE postgres", "pw"))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            server.stop();
        }
    }
}
