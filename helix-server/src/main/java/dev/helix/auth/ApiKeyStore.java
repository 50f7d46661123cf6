package dev.helix.auth;

import dev.helix.access.Role;
import dev.helix.events.EventLog;
import dev.helix.events.NewEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;
import org.jspecify.annotations.Nullable;

/** The {@code api_keys} table. The same SQL runs on SQLite and PostgreSQL. */
final class ApiKeyStore {
    private static final String COLUMNS = "id, name, role, key_prefix, created_at, last_used_at, revoked_at, "
            + "budget_usd, budget_period, rpm, tpm";
    private final Jdbi jdbi;
    private final boolean rowLocks;

    /** {@code rowLocks}: the engine supports {@code SELECT … FOR UPDATE} (PostgreSQL; SQLite locks the file). */
    ApiKeyStore(Jdbi jdbi, boolean rowLocks) {
        this.jdbi = jdbi;
        this.rowLocks = rowLocks;
    }

    /** Inserts {@code key} and writes {@code event} to {@code log} in one transaction; returns the event's id. */
    long insert(ApiKey key, String hash, EventLog log, NewEvent event) {
        return jdbi.inTransaction(h -> {
            insertKey(h, key, hash);
            return log.append(h, event);
        });
    }

    private static void insertKey(Handle h, ApiKey key, String hash) {
        bindLimits(
                        h.createUpdate("INSERT INTO api_keys (id, name, role, key_hash, key_prefix, "
                                + "created_at, budget_usd, budget_period, rpm, tpm) VALUES (:id, :name, :role, :hash, "
                                + ":prefix, :created, :budget, :period, :rpm, :tpm)"),
                        key.limits())
                .bind("id", key.id())
                .bind("name", key.name())
                .bind("role", key.role().id())
                .bind("hash", hash)
                .bind("prefix", key.prefix())
                .bind("created", key.createdAt().toEpochMilli())
                .execute();
    }

    /** Replaces the limits of key {@code id}; false if there is no such key. */
    boolean updateLimits(String id, KeyLimits limits) {
        return jdbi.withHandle(h -> bindLimits(
                                h.createUpdate("UPDATE api_keys SET budget_usd = :budget, "
                                        + "budget_period = :period, rpm = :rpm, tpm = :tpm WHERE id = :id"),
                                limits)
                        .bind("id", id)
                        .execute())
                > 0;
    }

    private static Update bindLimits(Update update, KeyLimits limits) {
        return update.bind("budget", limits.budgetUsd())
                .bind("period", limits.period() == null ? null : limits.period().id())
                .bind("rpm", limits.rpm())
                .bind("tpm", limits.tpm());
    }

    Optional<ApiKey> findByHash(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = :hash")
                .bind("hash", hash)
                .map(ApiKeyStore::map)
                .findOne());
    }

    Optional<ApiKey> findById(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id")
                .bind("id", id)
                .map(ApiKeyStore::map)
                .findOne());
    }

    Optional<String> hashOf(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT key_hash FROM api_keys WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
    }

    List<ApiKey> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM api_keys ORDER BY id")
                .map(ApiKeyStore::map)
                .list());
    }

    long count() {
        return jdbi.withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM api_keys").mapTo(Long.class).one());
    }

    /**
     * Revokes {@code id} and writes {@code event} to {@code log} unless that would leave no active admin key;
     * returns the event's id, or 0 if it would. The check and the
     * update run in one transaction that first locks the active admin rows (PostgreSQL) or the database (SQLite,
     * whose transactions start IMMEDIATE), so two concurrent revokes cannot both pass the check.
     */
    long revokeKeepingAnAdmin(String id, Instant at, EventLog log, NewEvent event) {
        return jdbi.inTransaction(h -> {
            if (rowLocks) {
                h.createQuery("SELECT id FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL FOR UPDATE")
                        .mapTo(String.class)
                        .list();
            }
            h.createUpdate("UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                    .bind("at", at.toEpochMilli())
                    .bind("id", id)
                    .execute();
            long admins = h.createQuery("SELECT COUNT(*) FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL")
                    .mapTo(Long.class)
                    .one();
            if (admins == 0) {
                h.rollback();
                return 0L;
            }
            return log.append(h, event);
        });
    }

    /** Writes the latest use time of each key, never moving one backwards. */
    void recordUse(Map<String, Long> lastUse) {
        if (lastUse.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> {
            PreparedBatch batch = h.prepareBatch("UPDATE api_keys SET last_used_at = :at WHERE id = :id "
                    + "AND (last_used_at IS NULL OR last_used_at < :at)");
            lastUse.forEach((id, at) -> batch.bind("id", id).bind("at", at).add());
            batch.execute();
        });
    }

    private static ApiKey map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ApiKey(
                rs.getString("id"),
                rs.getString("name"),
                Role.parse(rs.getString("role")),
                rs.getString("key_prefix"),
                Objects.requireNonNull(instant(rs, "created_at"), "created_at"),
                instant(rs, "last_used_at"),
                instant(rs, "revoked_at"),
                limits(rs));
    }

    private static KeyLimits limits(ResultSet rs) throws SQLException {
        double budget = rs.getDouble("budget_usd");
        Double budgetUsd = rs.wasNull() ? null : budget;
        String period = rs.getString("budget_period");
        int rpm = rs.getInt("rpm");
        Integer rpmOrNull = rs.wasNull() ? null : rpm;
        int tpm = rs.getInt("tpm");
        Integer tpmOrNull = rs.wasNull() ? null : tpm;
        return new KeyLimits(budgetUsd, period == null ? null : BudgetPeriod.parse(period), rpmOrNull, tpmOrNull);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
