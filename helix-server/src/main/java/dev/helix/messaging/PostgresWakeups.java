package dev.helix.messaging;

import dev.helix.internal.Errors;
import dev.helix.storage.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cross-node wake-up on PostgreSQL: a post sends {@code NOTIFY} {@value #CHANNEL} with the key it wakes (in the
 * transaction of its insert, so the notification leaves only if the message is there), and this listener, on a
 * connection of its own, hands every key it hears to the node's {@link Wakeups}. A long poll on any node thus wakes
 * within a round trip of a post on another. The 200 ms re-check stays as the safety net: a notification sent while
 * this listener reconnects is lost, the message is not.
 */
final class PostgresWakeups implements AutoCloseable {
    /** The channel posts notify on. */
    static final String CHANNEL = "helix_mailboxes";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresWakeups.class);
    private static final int POLL_MILLIS = 500;
    private static final long RETRY_MILLIS = 1000;

    private final Database database;
    private final Consumer<String> wake;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean listening;

    PostgresWakeups(Database database, Consumer<String> wake) {
        this.database = database;
        this.wake = wake;
        this.thread =
                Thread.ofPlatform().daemon().name("helix-mailbox-listener").unstarted(this::run);
    }

    PostgresWakeups start() {
        thread.start();
        return this;
    }

    /** Whether it is listening now (false while it connects or reconnects). */
    boolean listening() {
        return listening;
    }

    private void run() {
        boolean warned = false;
        while (!closed) {
            try (Connection c = database.dedicatedConnection()) {
                listen(c, warned);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!closed && !warned) {
                    LOG.warn(
                            "mailbox wake-ups from other nodes paused ({}); retrying every {} ms, long polls look "
                                    + "again every {} ms meanwhile",
                            Errors.rootMessage(e),
                            RETRY_MILLIS,
                            Mailboxes.RECHECK.toMillis());
                }
                warned = true;
                pause();
            }
        }
        listening = false;
    }

    private void listen(Connection c, boolean resumed) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        listening = true;
        if (resumed) {
            LOG.info("mailbox wake-ups from other nodes resumed");
        }
        while (!closed) {
            PGNotification[] heard = pg.getNotifications(POLL_MILLIS);
            if (heard != null) {
                for (PGNotification n : heard) {
                    wake.accept(n.getParameter());
                }
            }
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
        thread.interrupt();
        try {
            thread.join(POLL_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
