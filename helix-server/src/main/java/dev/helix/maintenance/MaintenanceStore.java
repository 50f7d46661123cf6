package dev.helix.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.events.EventLog;
import dev.helix.events.NewEvent;
import dev.helix.internal.Json;
import dev.helix.storage.Database;
import dev.helix.storage.DatabaseKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The maintenance mode's row of the {@code cluster_settings} table: its value is {@code {"enabled", "message",
 * "retryAfter", "since"}}; the version, the time and the key of the last change are columns.
 *
 * <p>Implementation notes: a change reads the row, decides, updates it and appends its event in one transaction. On
 * PostgreSQL the read locks the row ({@code FOR UPDATE}), so concurrent changes take turns and each one decides on
 * the last committed value; SQLite has one writer at a time (Helix opens write transactions IMMEDIATE). So versions
 * follow commit order, which is the order of their events. The value is read member by member, ignoring members it
 * does not know, so a node of an older version reads a value a newer one wrote.
 */
final class MaintenanceStore {
    private static final String NAME = "maintenance";
    private static final String SELECT =
            "SELECT value, version, updated_by FROM cluster_settings WHERE name = '" + NAME + "'";

    /** What a change left: the mode now, and the id of the event it wrote (0 when nothing changed). */
    record Written(Maintenance mode, long eventId) {}

    private final Jdbi jdbi;
    private final String lockingSelect;

    MaintenanceStore(Database database) {
        this.jdbi = database.jdbi();
        this.lockingSelect = database.kind() == DatabaseKind.POSTGRESQL ? SELECT + " FOR UPDATE" : SELECT;
    }

    /** The stored mode (off, version 0, if the row is missing). */
    Maintenance load() {
        return jdbi.withHandle(h -> read(h, SELECT));
    }

    /**
     * Applies {@code change} to the stored mode and, if it returns another one, stores that and appends the event
     * {@code event} makes of it to {@code log}, in one transaction. Call {@link EventLog#published} with the event's
     * id after.
     */
    Written change(UnaryOperator<Maintenance> change, Function<Maintenance, NewEvent> event, EventLog log) {
        return jdbi.inTransaction(h -> {
            Maintenance now = read(h, lockingSelect);
            Maintenance next = change.apply(now);
            if (next == now) {
                return new Written(now, 0);
            }
            NewEvent announced = event.apply(next);
            update(h, next, announced.at());
            return new Written(next, log.append(h, announced));
        });
    }

    private static Maintenance read(Handle h, String sql) {
        return h.createQuery(sql).map(MaintenanceStore::row).findOne().orElse(Maintenance.OFF);
    }

    private static void update(Handle h, Maintenance m, Instant at) {
        h.createUpdate("UPDATE cluster_settings SET value = :value, version = :version, updated_at = :at, "
                        + "updated_by = :by WHERE name = '" + NAME + "'")
                .bind("value", new String(Json.bytes(value(m)), StandardCharsets.UTF_8))
                .bind("version", m.version())
                .bind("at", at.toEpochMilli())
                .bind("by", m.by())
                .execute();
    }

    private static Map<String, Object> value(Maintenance m) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("enabled", m.enabled());
        if (m.enabled()) {
            value.put("message", m.message());
            value.put("retryAfter", m.retryAfter());
        }
        if (m.since() != null) {
            value.put("since", m.since().toString());
        }
        return value;
    }

    private static Maintenance row(ResultSet rs, StatementContext ctx) throws SQLException {
        JsonNode value = parse(rs.getString("value"));
        boolean enabled = value.path("enabled").asBoolean(false);
        JsonNode since = value.path("since");
        return new Maintenance(
                enabled,
                enabled ? value.path("message").asText(Maintenance.DEFAULT_MESSAGE) : null,
                enabled ? value.path("retryAfter").asInt(Maintenance.DEFAULT_RETRY_AFTER) : 0,
                since.isTextual() ? Instant.parse(since.asText()) : null,
                rs.getString("updated_by"),
                rs.getLong("version"));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the maintenance setting in the database is not valid JSON", e);
        }
    }
}
