package dev.helix.monitor;

import dev.helix.health.HealthChecks;
import dev.helix.internal.HelixVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code GET /status} and {@code !status} report: name, version, node, uptime, database, feature flags, the
 * collective's figures (agents, state version, real-time connections), the sections other parts add (the maintenance
 * mode) and component health.
 */
public final class StatusReport {
    /**
     * The facts fixed at start.
     *
     * @param nodeId    this node's name
     * @param database  the database engine
     * @param features  feature flags
     * @param startedAt when this process started serving
     */
    public record Facts(String nodeId, String database, Map<String, Boolean> features, Instant startedAt) {}

    private final HealthChecks health;
    private final Facts facts;
    private final Clock clock;
    private final Supplier<Map<String, Object>> collective;
    private final Map<String, Supplier<?>> sections = new LinkedHashMap<>();

    /** {@code collective} gives the live figures of the collective, e.g. {@code {"agents": 4}}. */
    public StatusReport(HealthChecks health, Facts facts, Clock clock, Supplier<Map<String, Object>> collective) {
        this.health = health;
        this.facts = facts;
        this.clock = clock;
        this.collective = collective;
    }

    /** Adds the member {@code name}, whose value {@code section} gives at each report; call before serving. */
    public StatusReport section(String name, Supplier<?> section) {
        sections.put(name, section);
        return this;
    }

    HealthChecks health() {
        return health;
    }

    /** The report now. */
    public Map<String, Object> current() {
        HealthChecks.Snapshot s = health.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "helix");
        body.put("version", HelixVersion.version());
        body.put("commit", HelixVersion.commit());
        body.put("nodeId", facts.nodeId());
        body.put("status", s.status());
        body.put("startedAt", facts.startedAt());
        body.put("uptimeSeconds", (clock.millis() - facts.startedAt().toEpochMilli()) / 1000.0);
        body.put("database", facts.database());
        body.put("features", facts.features());
        body.put("collective", collective.get());
        sections.forEach((name, section) -> body.put(name, section.get()));
        body.put("components", s.components());
        return body;
    }
}
