package dev.helix.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Errors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Helix's database: a HikariCP pool over SQLite (WAL, busy timeout, foreign keys on, write transactions taken
 * IMMEDIATE so they wait instead of failing on a lock upgrade) or PostgreSQL, Flyway
 * migrations from the engine's own folder, and a {@link Jdbi} for queries.
 */
public final class Database implements AutoCloseable {
    /** HikariCP's connection-acquire timer (the pool's meters are HikariCP's, bound to the registry given). */
    public static final String POOL_ACQUIRE = "hikaricp.connections.acquire";
    /** HikariCP's counter of connection requests that timed out. */
    public static final String POOL_TIMEOUT = "hikaricp.connections.timeout";
    /** HikariCP's gauge of the most connections the pool holds. */
    public static final String POOL_MAX = "hikaricp.connections.max";
    /** HikariCP's gauge of connections in use. */
    public static final String POOL_ACTIVE = "hikaricp.connections.active";
    /** HikariCP's gauge of idle connections. */
    public static final String POOL_IDLE = "hikaricp.connections.idle";
    /** HikariCP's gauge of threads waiting for a connection. */
    public static final String POOL_PENDING = "hikaricp.connections.pending";
    /** Counter: reconnections of the connection that hears other nodes ({@link #notifications()}), by transport. */
    public static final String TRANSPORT_RECONNECTS = "helix.transport.reconnects";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** SQLite serialises writers; more connections than this only add lock waits. */
    private static final int SQLITE_MAX_POOL = 4;
    /** The write-ahead log's size, in pages, at which a committing SQLite connection checkpoints it itself. */
    static final int WAL_BACKSTOP_PAGES = 10_000;

    private final ConnectionSettings settings;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final QueryTimings timings = new QueryTimings();
    private final Optional<PostgresNotifications> notifications;
    private volatile boolean migrated;

    private Database(ConnectionSettings settings, HikariDataSource pool, Runnable countReconnect) {
        this.settings = settings;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        jdbi.getConfig(SqlStatements.class).setSqlLogger(timings);
        this.notifications = settings.kind() == DatabaseKind.POSTGRESQL
                ? Optional.of(new PostgresNotifications(this, countReconnect))
                : Optional.empty();
    }

    /**
     * Where {@code storage} points, in words for people, password masked: {@code SQLite /srv/helix/helix.db} or
     * {@code PostgreSQL postgresql://helix:****@db:5432/helix}. Opens nothing.
     */
    public static String where(HelixConfig.Storage storage) {
        return ConnectionSettings.from(storage).where();
    }

    /** The SQLite file {@code storage} points at (it may not exist yet), or empty for PostgreSQL. */
    public static Optional<Path> sqliteFile(HelixConfig.Storage storage) {
        return Optional.ofNullable(ConnectionSettings.from(storage).sqliteFile());
    }

    /** As {@link #open(HelixConfig.Storage, MeterRegistry)}, for a tool whose pool's metrics no one reads. */
    public static Database open(HelixConfig.Storage storage) {
        return open(storage, new CompositeMeterRegistry());
    }

    /**
     * Creates the pool without connecting yet (so start-up can overlap other work); {@link #migrate()} or
     * {@link #ping} make the first connection and report an unreachable database.
     */
    public static Database open(HelixConfig.Storage storage, MeterRegistry registry) {
        ConnectionSettings settings = ConnectionSettings.from(storage);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("helix");
        hikari.setConnectionTimeout(Math.max(250, storage.busyTimeout().toMillis()));
        hikari.setMaximumPoolSize(storage.poolSize());
        hikari.setInitializationFailTimeout(-1);
        hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        if (settings.kind() == DatabaseKind.SQLITE) {
            prepareSqlite(settings, storage, hikari);
        } else {
            hikari.setJdbcUrl(settings.jdbcUrl());
            hikari.setUsername(settings.user().isEmpty() ? null : settings.user());
            hikari.setPassword(settings.password().isEmpty() ? null : settings.password());
        }
        try {
            return new Database(settings, new HikariDataSource(hikari), reconnectCounter(registry));
        } catch (RuntimeException e) {
            throw new StorageException("cannot open the database (" + settings + "): " + Errors.rootMessage(e), e);
        }
    }

    private static Runnable reconnectCounter(MeterRegistry registry) {
        if (registry == null) {
            return () -> {};
        }
        Counter counter = Counter.builder(TRANSPORT_RECONNECTS)
                .tag("transport", "postgresql")
                .description(
                        "Times the connection that hears other nodes' notifications was made again after a failure")
                .register(registry);
        return counter::increment;
    }

    private static void prepareSqlite(ConnectionSettings settings, HelixConfig.Storage storage, HikariConfig hikari) {
        Path file = Path.of(settings.jdbcUrl().substring("jdbc:sqlite:".length()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new StorageException("cannot create the data folder " + file.getParent() + ": " + e, e);
        }
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // checkpoint() runs every second in a running Helix, so the commit that reaches the limit never has to copy
        // the log back into the file itself; the limit only bounds the log where nothing calls checkpoint()
        sqlite.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(WAL_BACKSTOP_PAGES));
        sqlite.setBusyTimeout((int) storage.busyTimeout().toMillis());
        sqlite.enforceForeignKeys(true);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(sqlite);
        ds.setUrl(settings.jdbcUrl());
        hikari.setDataSource(ds);
        hikari.setMaximumPoolSize(Math.min(storage.poolSize(), SQLITE_MAX_POOL));
    }

    /** Applies pending migrations from {@code db/migration/<engine>}; returns how many were applied. */
    public int migrate() {
        try {
            MigrateResult result = flyway().migrate();
            migrated = true;
            if (result.migrationsExecuted > 0) {
                LOG.info(
                        "Database migrated to version {} ({} migration(s) applied)",
                        result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            throw new StorageException("cannot migrate the database (" + settings + "): " + Errors.rootMessage(e), e);
        }
    }

    /**
     * Whether Helix's migrations have ever run on this database (by any process): false for a new, empty one.
     * Connects, so an unreachable database is reported here.
     */
    public boolean initialised() {
        try {
            return flyway().info().applied().length > 0;
        } catch (RuntimeException e) {
            throw new StorageException("cannot read the database (" + settings + "): " + Errors.rootMessage(e), e);
        }
    }

    private Flyway flyway() {
        return Flyway.configure(getClass().getClassLoader())
                .dataSource(pool)
                .locations("classpath:db/migration/" + settings.kind().id())
                .table("helix_schema_history")
                .loggers("slf4j")
                .load();
    }

    /**
     * On SQLite, copies what the write-ahead log holds back into the database file as far as no reader needs it
     * ({@code wal_checkpoint(PASSIVE)}: it waits for no one and holds up no writer), so the log is reset and stays
     * small; nothing on PostgreSQL. Run often off the request path, it keeps that work (and its {@code fsync}) out of
     * the commits of requests. A failure is logged; the next call tries again.
     */
    public void checkpoint() {
        if (settings.kind() != DatabaseKind.SQLITE) {
            return;
        }
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            LOG.warn("the SQLite write-ahead log could not be checkpointed now: {}", Errors.rootMessage(e));
        }
    }

    /** Whether {@link #migrate()} has completed in this process. */
    public boolean migrated() {
        return migrated;
    }

    /** Checks that a connection can be had and answers within {@code timeout}; throws if not. */
    public void ping(Duration timeout) {
        try (Connection c = pool.getConnection()) {
            if (!c.isValid((int) Math.max(1, timeout.toSeconds()))) {
                throw new StorageException("the database (" + settings.kind().id() + ") did not answer");
            }
        } catch (SQLException e) {
            throw new StorageException(
                    "the database (" + settings.kind().id() + ") is unreachable: " + Errors.rootMessage(e), e);
        }
    }

    public DatabaseKind kind() {
        return settings.kind();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Time spent in each statement run through {@link #jdbi()} since start (values never included). */
    public QueryTimings timings() {
        return timings;
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * A new PostgreSQL connection of its own, outside the pool, for a caller that holds it for as long as it runs (a
     * {@code LISTEN}); the caller closes it. Holding a pooled one instead could starve a small pool.
     */
    public Connection dedicatedConnection() throws SQLException {
        if (settings.kind() != DatabaseKind.POSTGRESQL) {
            throw new UnsupportedOperationException("dedicated connections are for PostgreSQL, not " + settings.kind());
        }
        Properties credentials = new Properties();
        if (!settings.user().isEmpty()) {
            credentials.setProperty("user", settings.user());
        }
        if (!settings.password().isEmpty()) {
            credentials.setProperty("password", settings.password());
        }
        return DriverManager.getConnection(settings.jdbcUrl(), credentials);
    }

    /**
     * This node's one connection hearing other nodes' notifications (PostgreSQL {@code LISTEN}), shared by every
     * part; empty on SQLite, which serves one node.
     */
    public Optional<PostgresNotifications> notifications() {
        return notifications;
    }

    /** The database in words, without credentials: {@code sqlite jdbc:sqlite:/data/helix.db}. */
    public String describe() {
        return settings.toString();
    }

    @Override
    public void close() {
        notifications.ifPresent(PostgresNotifications::close);
        pool.close();
    }
}
