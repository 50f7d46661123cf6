package dev.helix.storage;

import dev.helix.internal.Errors;
import dev.helix.internal.Sha256;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's one {@code LISTEN} connection to PostgreSQL, shared by every part that wants to hear other nodes: each
 * part names a channel and a {@link Listener}, and every notification on that channel (sent by {@code NOTIFY} or
 * {@code pg_notify} in the transaction of the change it announces, so it leaves only if the change commits) is
 * handed to it.
 *
 * <p>Notifications sent while the connection is down, or before a channel is listened to, are lost: a listener must
 * treat them as wake-ups only, keep a safety net (a periodic look) and catch up whenever told it has
 * {@linkplain Listener#resumed() started listening}. The thread and
 * connection start with the first {@link #listen}; each reconnection after a failure is counted.
 */
public final class PostgresNotifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresNotifications.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int POLL_MILLIS = 200;
    private static final long RETRY_MILLIS = 1000;
    private static final String PUBLIC = "public";

    /** What a part does with what it hears on its channel. */
    public interface Listener {
        /** A notification on the channel, with its payload ("" when it had none). */
        void heard(String payload);

        /**
         * The channel is listened to now, for the first time or again after a lost connection: whatever was sent
         * before was not heard, so look for it.
         */
        default void resumed() {}
    }

    private final Database database;
    private final Runnable countReconnect;
    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean listening;
    /** How many channels the current connection listens on. */
    private volatile int joinedChannels;

    private volatile int backendPid;
    private volatile @Nullable String scope;

    PostgresNotifications(Database database, Runnable countReconnect) {
        this.database = database;
        this.countReconnect = countReconnect;
        this.thread = Thread.ofPlatform().daemon().name("helix-pg-listener").unstarted(this::run);
    }

    /** A listener's place on a channel; closing it stops the deliveries to that listener. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Hands every notification on {@code channel} to {@code listener} from now on, until the registration closes. */
    public synchronized Registration listen(String channel, Listener listener) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        List<Listener> onChannel = listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
        onChannel.add(listener);
        if (!started && !closed) {
            started = true;
            thread.start();
        }
        return () -> onChannel.remove(listener);
    }

    /**
     * The name under which {@code channel} travels in PostgreSQL: the channel itself in the {@code public} schema, and
     * the channel followed by a short hash of the schema in any other, since notifications are database-wide and
     * Helix clusters in other schemas of the same database must not hear each other. Writers pass this name to
     * {@code pg_notify}; listeners use the plain name with {@link #listen}.
     */
    public String channel(String channel) {
        String s = scope;
        if (s == null) {
            String schema = database.jdbi()
                    .withHandle(h -> h.select("SELECT current_schema()")
                            .mapTo(String.class)
                            .findFirst()
                            .orElse(PUBLIC));
            s = PUBLIC.equals(schema) ? "" : "_" + shortHash(schema);
            scope = s;
        }
        return channel + s;
    }

    /**
     * Whether it is listening now on every channel asked for (false while it connects or reconnects, and for the moment
     * after a channel is asked for before its {@code LISTEN} is made).
     */
    public boolean listening() {
        return listening && joinedChannels == listeners.size();
    }

    /**
     * Waits up to {@code limit} until it {@linkplain #listening() listens} on every channel asked for; answers whether
     * it does.
     */
    public boolean awaitListening(Duration limit) {
        long until = System.nanoTime() + limit.toNanos();
        while (!closed && !listening() && System.nanoTime() < until) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return listening();
    }

    /** The process id of its connection's PostgreSQL backend (0 before the first connection), for diagnosis. */
    int backendPid() {
        return backendPid;
    }

    private void run() {
        boolean failed = false;
        while (!closed) {
            try (Connection c = database.dedicatedConnection()) {
                listen(c, failed);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!closed && !failed) {
                    LOG.warn(
                            "notifications from other nodes paused ({}); reconnecting every {} ms, the periodic "
                                    + "looks carry on meanwhile",
                            Errors.rootMessage(e),
                            RETRY_MILLIS);
                }
                failed = true;
                pause();
            }
        }
        listening = false;
    }

    private void listen(Connection c, boolean resumed) throws SQLException {
        Set<String> joined = new HashSet<>();
        joinedChannels = 0;
        joinNew(c, joined);
        PGConnection pg = c.unwrap(PGConnection.class);
        backendPid = pg.getBackendPID();
        listening = true;
        if (resumed) {
            countReconnect.run();
            LOG.info("notifications from other nodes resumed");
        }
        while (!closed) {
            PGNotification[] heard = pg.getNotifications(POLL_MILLIS);
            if (heard != null) {
                for (PGNotification n : heard) {
                    deliver(unscoped(n.getName()), n.getParameter());
                }
            }
            joinNew(c, joined);
        }
    }

    /** Listens on the channels asked for since the last look, and lets their listeners catch up. */
    private void joinNew(Connection c, Set<String> joined) throws SQLException {
        if (joined.size() == listeners.size()) {
            return;
        }
        for (String channel : listeners.keySet()) {
            if (joined.add(channel)) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel(channel));
                }
                listeners.get(channel).forEach(PostgresNotifications::resume);
            }
        }
        joinedChannels = joined.size();
    }

    /** The first 8 hex digits of the SHA-256 of {@code text}. */
    private static String shortHash(String text) {
        return HexFormat.of().formatHex(Sha256.of(text), 0, 4);
    }

    /** The channel a name heard from PostgreSQL stands for (the name without this schema's suffix). */
    private String unscoped(String heard) {
        String suffix = scope;
        return suffix != null && !suffix.isEmpty() && heard.endsWith(suffix)
                ? heard.substring(0, heard.length() - suffix.length())
                : heard;
    }

    private void deliver(String channel, String payload) {
        for (Listener listener : listeners.getOrDefault(channel, List.of())) {
            try {
                listener.heard(payload == null ? "" : payload);
            } catch (RuntimeException e) {
                LOG.warn("a listener of {} failed: {}", channel, e.toString());
            }
        }
    }

    private static void resume(Listener listener) {
        try {
            listener.resumed();
        } catch (RuntimeException e) {
            LOG.warn("a listener failed to catch up after a reconnection: {}", e.toString());
        }
    }

    private void pause() {
        if (closed) {
            return;
        }
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening (within {@value #POLL_MILLIS} ms) and closes its connection. */
    @Override
    public void close() {
        closed = true;
        if (!started) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(POLL_MILLIS * 10L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
