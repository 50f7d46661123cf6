package dev.helix.agents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One accepted set of agents, frozen with its JSON already written so the API only looks bytes up and sends them.
 */
final class Catalog {
    /** The catalog before anything was loaded. */
    static final Catalog NONE = new Catalog(0, List.of());

    private final long version;
    private final List<Agent> agents;
    private final Map<String, Agent> byId;
    private final Map<String, byte[]> jsonById;
    private final byte[] listJson;

    private Catalog(long version, List<Agent> agents) {
        this.version = version;
        this.agents = List.copyOf(agents);
        this.byId = new LinkedHashMap<>();
        this.jsonById = new LinkedHashMap<>();
        for (Agent a : this.agents) {
            byId.put(a.id(), a);
            jsonById.put(a.id(), AgentJson.agent(a));
        }
        this.listJson = AgentJson.list(this.agents);
    }

    /** The catalog after this one holding {@code sorted}. */
    Catalog next(List<Agent> sorted) {
        return new Catalog(version + 1, sorted);
    }

    long version() {
        return version;
    }

    List<Agent> agents() {
        return agents;
    }

    Optional<Agent> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** {@code {"data":[...]}}, shared: callers must not change it. */
    byte[] listJson() {
        return listJson;
    }

    /** One agent's JSON, shared: callers must not change it. */
    byte @Nullable [] json(String id) {
        return jsonById.get(id);
    }

    /** What changed from {@code older} to this one: ids added, removed and changed, and the new count. */
    Map<String, Object> diff(Catalog older) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Agent a : agents) {
            Agent before = older.byId.get(a.id());
            if (before == null) {
                added.add(a.id());
            } else if (!before.equals(a)) {
                changed.add(a.id());
            }
        }
        List<String> removed = older.agents.stream()
                .map(Agent::id)
                .filter(id -> !byId.containsKey(id))
                .toList();
        Map<String, Object> diff = new LinkedHashMap<>();
        diff.put("added", List.copyOf(added));
        diff.put("removed", removed);
        diff.put("changed", List.copyOf(changed));
        diff.put("count", agents.size());
        diff.put("version", version);
        return diff;
    }
}
