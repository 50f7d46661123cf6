package dev.helix.state;

import dev.helix.events.EventLog;
import dev.helix.events.NewEvent;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code state_versions} table. The same SQL runs on SQLite and PostgreSQL. */
final class StateStore {
    private static final String INFO = "version, author, key_id, author_role, via, size_bytes, created_at";

    /** A stored version with its document as JSON text. */
    record Stored(StateVersion info, String json) {}

    private final Jdbi jdbi;

    StateStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<Stored> latest() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + INFO + ", document FROM state_versions " + "ORDER BY version DESC LIMIT 1")
                .map(StateStore::mapStored)
                .findOne());
    }

    Optional<Stored> find(long version) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + INFO + ", document FROM state_versions " + "WHERE version = :v")
                        .bind("v", version)
                        .map(StateStore::mapStored)
                        .findOne());
    }

    /** Newest first, at most {@code limit}, only versions below {@code before}. */
    List<StateVersion> history(long before, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + INFO + " FROM state_versions WHERE version < :before "
                        + "ORDER BY version DESC LIMIT :limit")
                .bind("before", before)
                .bind("limit", limit)
                .map(StateStore::mapInfo)
                .list());
    }

    /** The documents of the kept versions below {@code before}, as JSON text. */
    List<String> documentsBefore(long before) {
        return jdbi.withHandle(h -> h.createQuery("SELECT document FROM state_versions WHERE version < :before")
                .bind("before", before)
                .mapTo(String.class)
                .list());
    }

    /** The oldest version still kept, if any. */
    Optional<Long> oldest() {
        return jdbi.withHandle(h -> h.createQuery("SELECT MIN(version) FROM state_versions")
                .mapTo(Long.class)
                .findOne());
    }

    /**
     * Inserts {@code info} with {@code json}, drops versions older than the newest {@code keep} and writes
     * {@code event} to {@code log}, in one transaction. Returns the event's id, or 0 when {@code info.version()}
     * already exists (another node wrote it first) and nothing was written.
     */
    long insert(StateVersion info, byte[] json, int keep, EventLog log, NewEvent event) {
        return jdbi.inTransaction(h -> {
            int inserted = h.createUpdate("INSERT INTO state_versions (" + INFO + ", document) "
                            + "VALUES (:version, :author, :keyId, :role, :via, :size, :at, :document) "
                            + "ON CONFLICT (version) DO NOTHING")
                    .bind("version", info.version())
                    .bind("author", info.author())
                    .bind("keyId", info.keyId())
                    .bind("role", info.role())
                    .bind("via", info.via())
                    .bind("size", info.size())
                    .bind("at", info.at().toEpochMilli())
                    .bind("document", new String(json, StandardCharsets.UTF_8))
                    .execute();
            if (inserted == 0) {
                return 0L;
            }
            h.createUpdate("DELETE FROM state_versions WHERE version <= :floor")
                    .bind("floor", info.version() - keep)
                    .execute();
            return log.append(h, event);
        });
    }

    private static StateVersion mapInfo(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StateVersion(
                rs.getLong("version"),
                rs.getString("author"),
                rs.getString("key_id"),
                rs.getString("author_role"),
                rs.getString("via"),
                rs.getInt("size_bytes"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static Stored mapStored(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Stored(mapInfo(rs, ctx), rs.getString("document"));
    }
}
