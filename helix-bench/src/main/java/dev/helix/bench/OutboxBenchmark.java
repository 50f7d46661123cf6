package dev.helix.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.helix.bus.InProcessEventBus;
import dev.helix.config.HelixConfig;
import dev.helix.events.EventLog;
import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import dev.helix.internal.Folders;
import dev.helix.state.Author;
import dev.helix.state.SharedState;
import dev.helix.storage.Database;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the event log (outbox) costs a shared-state write, on SQLite and on PostgreSQL (127.0.0.1:5432, database
 * {@code test}, user {@code postgres}, a schema of its own per trial), one writer at a time:
 *
 * <ul>
 *   <li>{@code versionOnly}: the transaction a state write ran before the outbox — insert the version, drop the
 *       versions beyond the kept history (the same SQL as {@code StateStore});</li>
 *   <li>{@code versionWithEvent}: the same transaction with the {@code state.changed} event appended as its last
 *       statement (on PostgreSQL after the ordering advisory lock), then the event read back and published on a
 *       bus with one subscriber, as every write now does;</li>
 *   <li>{@code sharedStateMerge}: a whole {@link SharedState#merge} (merge patch, limits, diff, the transaction with
 *       its event, publication), what {@code PATCH /api/v1/state} costs inside the server.</li>
 * </ul>
 *
 * The difference between the first two is the outbox's cost per write; SampleTime gives its percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"})
public class OutboxBenchmark {
    private static final String POSTGRES = "postgresql://postgres@127.0.0.1:5432/test";
    private static final String POSTGRES_JDBC = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final int KEEP = 100;

    @Param({"sqlite", "postgresql"})
    public String engine;

    private Path dataDir;
    private String schema;
    private Database database;
    private InProcessEventBus bus;
    private EventLog log;
    private SharedState state;
    private long version = 1_000_000;
    private int n;

    /** Opens a migrated database of the engine, the event log over a bus with one subscriber, the shared state. */
    @Setup(Level.Trial)
    public void setUp() throws IOException, SQLException {
        dataDir = Files.createTempDirectory("helix-bench-outbox-");
        HelixConfig config = HelixConfig.defaults();
        HelixConfig.Storage storage =
                config.storage().toBuilder().dataDir(dataDir).databaseUrl("").build();
        if (engine.equals("postgresql")) {
            schema = "helix_bench_"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            sql("CREATE SCHEMA " + schema);
            storage = storage.toBuilder()
                    .databaseUrl(POSTGRES + "?currentSchema=" + schema)
                    .build();
        }
        database = Database.open(storage);
        database.migrate();
        bus = new InProcessEventBus();
        bus.subscribe("bench", "*", e -> {});
        log = EventLog.publishingTo(bus, database, Clock.systemUTC(), new CompositeMeterRegistry());
        log.start();
        state = new SharedState(database, config.state(), log, Clock.systemUTC());
        state.load();
    }

    /** Closes everything and drops the PostgreSQL schema or deletes the SQLite folder. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException, SQLException {
        bus.close();
        database.close();
        if (schema != null) {
            sql("DROP SCHEMA " + schema + " CASCADE");
        }
        Folders.deleteTree(dataDir);
    }

    @Benchmark
    public int versionOnly() {
        long v = ++version;
        return database.jdbi().inTransaction(h -> insertVersion(h, v));
    }

    @Benchmark
    public long versionWithEvent() {
        long v = ++version;
        long id = database.jdbi().inTransaction(h -> {
            insertVersion(h, v);
            return log.append(
                    h,
                    new NewEvent(
                            EventTypes.STATE_CHANGED,
                            EventTypes.STATE,
                            "key_bench",
                            Map.of("version", v, "via", "api", "patch", Map.of("n", v)),
                            java.time.Instant.now()));
        });
        log.published(id);
        return id;
    }

    @Benchmark
    public long sharedStateMerge() {
        return state.merge(
                        JsonNodeFactory.instance.objectNode().put("n", ++n),
                        OptionalLong.empty(),
                        new Author("bench", "key_bench", "admin", "api"))
                .version();
    }

    private static int insertVersion(Handle h, long v) {
        int inserted = h.createUpdate("INSERT INTO state_versions (version, author, key_id, author_role, via, "
                        + "size_bytes, created_at, document) VALUES (:version, 'bench', 'key_bench', 'admin', 'api', "
                        + "16, :at, :document) ON CONFLICT (version) DO NOTHING")
                .bind("version", v)
                .bind("at", System.currentTimeMillis())
                .bind("document", "{\"n\":" + v + "}")
                .execute();
        h.createUpdate("DELETE FROM state_versions WHERE version <= :floor AND version > 999999")
                .bind("floor", v - KEEP)
                .execute();
        return inserted;
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES_JDBC, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
