package dev.helix.agents;

import dev.helix.config.HelixConfig;
import dev.helix.events.EventLog;
import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import dev.helix.health.HealthCheck;
import dev.helix.internal.DirectoryWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents Helix knows, read from the agents folder and {@code helix.yaml} and reloaded when either changes.
 *
 * <p>Reads ({@link #all()}, {@link #find(String)}, {@link #version()}) are lock-free and see one consistent set. A
 * reload re-reads every source and replaces the set only if the whole of it is valid; otherwise the last good set
 * stays, one warning names the file, line and field, and {@link #health()} reports DEGRADED until a reload succeeds.
 * Each accepted change is written to the event log (and so published) as an {@code agents.changed} event on topic
 * {@value #TOPIC} with data
 * {@code {"added":[ids],"removed":[ids],"changed":[ids],"count":n,"version":v}}. Another node's
 * {@code agents.changed} makes it re-read its sources too.
 */
public final class AgentRegistry implements AutoCloseable {
    /** The event type published when the set of agents changes. */
    public static final String CHANGED = EventTypes.AGENTS_CHANGED;
    /** The bus topic of {@link #CHANGED}. */
    public static final String TOPIC = EventTypes.AGENTS;
    /** How long the sources must be quiet after a change before they are re-read. */
    static final Duration DEBOUNCE = Duration.ofMillis(150);

    private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);

    private final AgentSources sources;
    private final EventLog log;
    private final Clock clock;
    private final List<DirectoryWatcher> watchers = new ArrayList<>();
    private volatile Catalog catalog = Catalog.NONE;
    private volatile @Nullable String problem;
    private List<AgentYaml.Definition> definitions = List.of();
    private @Nullable Supplier<AgentReferences> references;
    private List<String> warned = List.of();

    AgentRegistry(AgentSources sources, EventLog log, Clock clock) {
        this.sources = sources;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Seeds the agents folder with the default collective if it does not exist, loads every definition and starts
     * watching for changes. Never throws for bad definitions: it starts with none and reports them in
     * {@link #health()}.
     */
    public static AgentRegistry start(HelixConfig config, EventLog log, Clock clock) {
        Path folder = config.storage().agentsFolder();
        DefaultAgents.seedIfMissing(folder);
        AgentRegistry registry = new AgentRegistry(new AgentSources(folder, config.file()), log, clock);
        registry.watch(DEBOUNCE);
        registry.reload();
        registry.followOtherNodes();
        return registry;
    }

    /**
     * Re-reads the sources, on a thread of its own, whenever another node announces a change of its agents: it may
     * come from a folder this node shares and has not seen change yet. Nothing is announced if this node's set is
     * the same, so nodes sharing a folder do not echo each other's changes.
     */
    void followOtherNodes() {
        log.followOthers(
                CHANGED, event -> Thread.ofVirtual().name("helix-agents-reload").start(this::reload));
    }

    /** Every agent, sorted by id. */
    public List<Agent> all() {
        return catalog.agents();
    }

    /** The agent with {@code id}, if there is one. */
    public Optional<Agent> find(String id) {
        return catalog.find(id);
    }

    /** Goes up by one with every accepted change (1 after the first load); the same version means the same set. */
    public long version() {
        return catalog.version();
    }

    /** The {@code agents} health check: DEGRADED, naming file, line and field, while the definitions are rejected. */
    public HealthCheck health() {
        return () -> {
            String p = problem;
            if (p != null) {
                throw new HealthCheck.Degraded(p);
            }
        };
    }

    /**
     * Checks every agent's model and commands against what {@code what} names, now and after every reload; each
     * unknown name is logged once as a warning naming the file, line and closest match.
     */
    public synchronized void checkReferences(Supplier<AgentReferences> what) {
        this.references = what;
        warnAboutReferences();
    }

    /**
     * What {@link #checkReferences} would warn about for the agents {@code config} defines, read afresh without
     * starting a registry; a set of definitions that is invalid gives its error as the one line.
     */
    public static List<String> check(HelixConfig config, AgentReferences what) {
        try {
            return what.warnings(new AgentSources(config.storage().agentsFolder(), config.file()).definitions());
        } catch (RuntimeException e) {
            return List.of(rejection(e));
        }
    }

    /** Stops watching for changes. */
    @Override
    public void close() {
        watchers.forEach(DirectoryWatcher::close);
        watchers.clear();
    }

    Catalog catalog() {
        return catalog;
    }

    /** Re-reads every source; keeps the current set if they are not all valid. */
    public synchronized void reload() {
        Catalog old = catalog;
        List<Agent> agents;
        try {
            definitions = sources.definitions();
            agents = definitions.stream().map(AgentYaml.Definition::agent).toList();
        } catch (RuntimeException e) {
            reject(old, e);
            return;
        }
        warnAboutReferences();
        if (problem != null && old.version() > 0) {
            LOG.info("agent definitions are valid again");
        }
        problem = null;
        if (old.version() == 0 || !agents.equals(old.agents())) {
            catalog = old.next(agents);
            announce(old, catalog);
        }
    }

    private void warnAboutReferences() {
        if (references == null) {
            return;
        }
        List<String> now = references.get().warnings(definitions);
        now.stream().filter(w -> !warned.contains(w)).forEach(w -> LOG.warn("agent definition: {}", w));
        warned = now;
    }

    private static String rejection(RuntimeException e) {
        return e instanceof AgentDefinitionException d ? d.getMessage() : "cannot read agent definitions: " + e;
    }

    private void reject(Catalog old, RuntimeException e) {
        String why = rejection(e);
        if (old.version() == 0) {
            catalog = old.next(List.of());
            problem = "agent definitions rejected at start, serving none: " + why;
            LOG.error("agent definitions rejected, starting with no agents until they are fixed: {}", why);
        } else {
            problem = "agent definitions rejected, still serving the "
                    + old.agents().size() + " loaded before: " + why;
            LOG.warn(
                    "agent definitions rejected, still serving the {} loaded before: {}",
                    old.agents().size(),
                    why);
        }
    }

    private void announce(Catalog old, Catalog now) {
        if (old.version() == 0) {
            LOG.info(
                    "loaded {} agents from {}{}",
                    now.agents().size(),
                    sources.folder(),
                    sources.configFile()
                            .filter(Files::isRegularFile)
                            .map(f -> " and " + f)
                            .orElse(""));
            return;
        }
        Map<String, Object> diff = now.diff(old);
        LOG.info(
                "agents reloaded (version {}): {} agents; added {}, removed {}, changed {}",
                now.version(),
                now.agents().size(),
                diff.get("added"),
                diff.get("removed"),
                diff.get("changed"));
        log.emit(new NewEvent(CHANGED, TOPIC, null, diff, clock.instant()));
    }

    /**
     * Starts watching the agents folder; without watching, changes need a restart. The config file is watched by its
     * owner, which calls {@link #reload()}.
     */
    void watch(Duration debounce) {
        Path dir = sources.folder();
        try {
            watchers.add(DirectoryWatcher.watch(
                    "agents", dir, p -> AgentSources.isAgentFile(p) || isSymlinkSwap(p), debounce, this::reload));
        } catch (RuntimeException e) {
            LOG.warn(
                    "agent definitions in {} will not be reloaded on change (restart to apply edits): {}",
                    dir,
                    e.getMessage());
        }
    }

    /** Kubernetes ConfigMap volumes change their files by swapping a {@code ..data} symlink. */
    private static boolean isSymlinkSwap(Path p) {
        return p.getFileName().toString().startsWith("..data");
    }
}
