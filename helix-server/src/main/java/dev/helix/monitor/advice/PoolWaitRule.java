package dev.helix.monitor.advice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Requests wait for a database connection: more than {@link #SLOW_SHARE_LIMIT} of the connections handed out over
 * the last 5 minutes waited longer than {@link Figures.Pool#SLOW_WAIT}. On PostgreSQL the pool should be
 * larger ({@code storage.poolSize}, doubled up to its limit of 200); on SQLite the pool is already capped at
 * {@link #SQLITE_POOL_CAP} because SQLite serialises writers, so the advice is PostgreSQL
 * ({@code storage.databaseUrl}) instead. Critical when requests also timed out waiting.
 */
public final class PoolWaitRule implements Rule {
    /** The share of slow acquisitions above which the pool is too small. */
    public static final double SLOW_SHARE_LIMIT = 0.30;
    /** Fewer acquisitions than this in 5 minutes are too few to judge. */
    public static final long MIN_ACQUISITIONS = 100;
    /** The most connections Helix gives a SQLite pool. */
    public static final int SQLITE_POOL_CAP = 4;
    /** The largest {@code storage.poolSize} allowed. */
    public static final int MAX_POOL_SIZE = 200;

    @Override
    public Optional<Recommendation> evaluate(Figures figures) {
        Figures.Pool pool = figures.pool();
        if (pool == null) {
            return Optional.empty();
        }
        Figures.PoolWindow w = pool.windows().last5Minutes();
        if (w.acquisitions() < MIN_ACQUISITIONS || Objects.requireNonNull(w.slowShare()) <= SLOW_SHARE_LIMIT) {
            return Optional.empty();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("window", "5m");
        evidence.put("database", pool.database());
        evidence.put("acquisitions", w.acquisitions());
        evidence.put("slowAcquisitions", w.slowAcquisitions());
        evidence.put("slowShare", w.slowShare());
        evidence.put("slowerThanMs", Figures.Pool.SLOW_WAIT.toMillis());
        evidence.put("meanWaitMs", w.meanWaitMs());
        evidence.put("timeouts", w.timeouts());
        evidence.put("poolMax", pool.max());
        evidence.put("limit", SLOW_SHARE_LIMIT);
        Severity severity = w.timeouts() > 0 ? Severity.CRITICAL : Severity.WARNING;
        String seen = "the database pool made " + Format.percent(w.slowShare()) + " of "
                + Format.count(w.acquisitions()) + " connection requests wait more than "
                + Figures.Pool.SLOW_WAIT.toMillis() + " ms over the last 5 minutes (" + pool.max()
                + " connections" + (w.timeouts() > 0 ? ", " + Format.count(w.timeouts()) + " timed out" : "") + ")";
        if ("sqlite".equals(pool.database()) && pool.max() >= SQLITE_POOL_CAP) {
            return Optional.of(new Recommendation(
                    "db-pool-wait",
                    severity,
                    seen + ": SQLite's pool is capped at "
                            + SQLITE_POOL_CAP + " because it serialises writers, so a larger " + SettingNames.POOL_SIZE
                            + " will not help; move to PostgreSQL with " + SettingNames.DATABASE_URL
                            + ", or make the slowest "
                            + "queries cheaper.",
                    evidence,
                    SettingNames.DATABASE_URL,
                    null));
        }
        if (pool.configuredSize() >= MAX_POOL_SIZE) {
            return Optional.of(new Recommendation(
                    "db-pool-wait",
                    severity,
                    seen + ": " + SettingNames.POOL_SIZE
                            + " is already at its largest; make the slowest queries cheaper or add nodes.",
                    evidence,
                    SettingNames.POOL_SIZE,
                    null));
        }
        int suggested = Math.min(MAX_POOL_SIZE, Math.max(pool.max() * 2, pool.configuredSize() + 1));
        return Optional.of(new Recommendation(
                "db-pool-wait",
                severity,
                seen + ": raise " + SettingNames.POOL_SIZE + " (and check the database allows that many connections).",
                evidence,
                SettingNames.POOL_SIZE,
                Integer.toString(suggested)));
    }
}
