package dev.helix.maintenance;

import dev.helix.bus.Event;
import dev.helix.events.EventLog;
import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import dev.helix.storage.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only maintenance mode of every node sharing the database: read from the database at start, changed by an
 * admin (API or command line) together with a {@code maintenance.changed} event, and followed from other nodes'
 * events, so a change on one node holds on all of them within milliseconds (PostgreSQL) and across restarts.
 * {@link #readOnly()} is a memory read, for every request.
 *
 * <p>Implementation notes: the mode in memory only moves to a higher version. A change made here and another node's
 * change followed from the event log can arrive in either order; versions follow commit order (see
 * {@link MaintenanceStore}), so every node ends on the last change committed.
 */
public final class MaintenanceMode {
    /** Gauge: 1 while the maintenance mode is on, else 0. */
    public static final String ENABLED = "helix.maintenance.enabled";

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceMode.class);
    /** What is served before {@link #load()}: off, below every stored version. */
    private static final Maintenance UNLOADED = new Maintenance(false, null, 0, null, null, -1);

    private final MaintenanceStore store;
    private final EventLog log;
    private final Clock clock;
    private final ReentrantLock advancing = new ReentrantLock();
    private volatile Maintenance current = UNLOADED;

    /** The mode of {@code database}, whose changes are written to {@code log}, reported to {@code registry}. */
    public MaintenanceMode(Database database, EventLog log, Clock clock, MeterRegistry registry) {
        this.store = new MaintenanceStore(database);
        this.log = log;
        this.clock = clock;
        log.followOthers(EventTypes.MAINTENANCE_CHANGED, this::followOtherNode);
        Gauge.builder(ENABLED, this, mode -> mode.readOnly() ? 1 : 0)
                .description("1 while the read-only maintenance mode is on, else 0")
                .register(registry);
    }

    /** The mode of {@code database} for the command line: its events are written for running nodes to publish. */
    public MaintenanceMode(Database database, Clock clock) {
        this(database, EventLog.writerOnly(database), clock, new CompositeMeterRegistry());
    }

    /** Reads the mode from the (migrated) database. */
    public Maintenance load() {
        Maintenance m = advance(store.load());
        if (m.enabled()) {
            LOG.warn(
                    "Helix is in read-only maintenance mode since {}: writes are refused ('{}')",
                    m.since(),
                    m.message());
        }
        return m;
    }

    /** The mode now. */
    public Maintenance current() {
        return current;
    }

    /** Whether writes are refused now. */
    public boolean readOnly() {
        return current.enabled();
    }

    /**
     * Turns the mode on for every node, or changes its message or wait, on behalf of key {@code actor} (null: an
     * operator at the command line). Throws {@link MaintenanceException} naming a message or wait out of bounds.
     */
    public Maintenance turnOn(String message, int retryAfter, @Nullable String actor) {
        String text = checkedMessage(message);
        int wait = checkedRetryAfter(retryAfter);
        return change(m -> m.on(text, wait, actor, now()));
    }

    /** Turns the mode off for every node, on behalf of key {@code actor} (null: an operator at the command line). */
    public Maintenance turnOff(@Nullable String actor) {
        return change(m -> m.off(actor, now()));
    }

    private Maintenance change(UnaryOperator<Maintenance> change) {
        MaintenanceStore.Written written = store.change(change, this::event, log);
        Maintenance m = advance(written.mode());
        if (written.eventId() > 0) {
            LOG.info(
                    "maintenance mode {} by {}{}",
                    written.mode().enabled() ? "on" : "off",
                    written.mode().by() == null
                            ? "the command line"
                            : "key " + written.mode().by(),
                    written.mode().enabled() ? ": " + written.mode().message() : "");
            log.published(written.eventId());
        }
        return m;
    }

    /** The change's event: {@code enabled}, {@code message} and {@code retryAfter} while on, {@code since}, version. */
    private NewEvent event(Maintenance m) {
        Map<String, Object> data = new LinkedHashMap<>();
        m.view().forEach((name, value) -> {
            if (value != null) {
                data.put(name, value);
            }
        });
        data.put("version", m.version());
        return new NewEvent(EventTypes.MAINTENANCE_CHANGED, EventTypes.MAINTENANCE, m.by(), data, now());
    }

    /** Follows another node's (or the command line's) change: reads the stored mode before the event is published. */
    private void followOtherNode(Event event) {
        Maintenance m = advance(store.load());
        LOG.info("maintenance mode {} (changed elsewhere, version {})", m.enabled() ? "on" : "off", m.version());
    }

    /** Makes {@code next} current unless a newer version already is; returns the current one. */
    private Maintenance advance(Maintenance next) {
        advancing.lock();
        try {
            if (next.version() > current.version()) {
                current = next;
            }
            return current;
        } finally {
            advancing.unlock();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String checkedMessage(String message) {
        if (message.isBlank()) {
            throw new MaintenanceException("message", "must not be blank; leave it out for the default message");
        }
        int length = message.codePointCount(0, message.length());
        if (length > Maintenance.MAX_MESSAGE) {
            throw new MaintenanceException(
                    "message", "must be at most " + Maintenance.MAX_MESSAGE + " characters, not " + length);
        }
        return message;
    }

    private static int checkedRetryAfter(int seconds) {
        if (seconds < 1 || seconds > Maintenance.MAX_RETRY_AFTER) {
            throw new MaintenanceException(
                    "retryAfter", "must be from 1 to " + Maintenance.MAX_RETRY_AFTER + " seconds, not " + seconds);
        }
        return seconds;
    }
}
