package dev.helix.state;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.bus.Event;
import dev.helix.config.HelixConfig;
import dev.helix.events.EventLog;
import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import dev.helix.internal.Json;
import dev.helix.storage.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared state document: reads come from memory; writes are checked against the caller's version, persisted as
 * a new version (the last {@code state.history} kept) and announced as {@code state.changed}, written to the event
 * log in the same transaction as the version.
 *
 * <p>Implementation notes: writes are serialised by one lock, so a version check, the database insert, the swap of
 * the in-memory snapshot and the event's publication happen as one step and events leave in version order. On several
 * nodes the database is the arbiter: the insert of version n+1 succeeds on one node only; the loser reloads the
 * newest version, publishes the winner's events from the log (so its subscribers and caches catch up), lets its
 * mirror see the new version and answers 412 — or, for a write without a version
 * condition, tries once more on top of it. Between writes a node follows the others' writes as the event log brings
 * their {@code state.changed} (within milliseconds on PostgreSQL): it loads each newer version before the event
 * reaches its bus, and never goes back to an older one.
 */
public final class SharedState {
    /** The event type published on every change. */
    public static final String CHANGED = EventTypes.STATE_CHANGED;
    /** The bus topic of state events. */
    public static final String TOPIC = EventTypes.STATE;

    private static final Logger LOG = LoggerFactory.getLogger(SharedState.class);

    private final StateStore store;
    private final StateLimits limits;
    private final int keep;
    private final EventLog log;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile Consumer<StateSnapshot> afterWrite = s -> {};
    private volatile Runnable beforeWrite = () -> {};
    private boolean inBeforeWrite;
    private final AtomicReference<StateSnapshot> current = new AtomicReference<>();

    public SharedState(Database database, HelixConfig.State config, EventLog log, Clock clock) {
        this.store = new StateStore(database.jdbi());
        this.limits = new StateLimits(config.maxSize(), config.maxDepth());
        this.keep = config.history();
        this.log = log;
        this.clock = clock;
        log.followOthers(CHANGED, this::followOtherNode);
    }

    /** Loads the newest version from the database (version 0, an empty object, when there is none). */
    public void load() {
        StateSnapshot s = advance(store.latest().map(SharedState::toSnapshot).orElseGet(this::empty));
        LOG.info("shared state at version {} ({} bytes)", s.version(), s.json().length);
    }

    /** Whether {@link #load()} has run. */
    public boolean loaded() {
        return current.get() != null;
    }

    /** The current version and document. */
    public StateSnapshot current() {
        StateSnapshot s = current.get();
        if (s == null) {
            throw new IllegalStateException("the shared state is not loaded yet");
        }
        return s;
    }

    /** The part of {@code snapshot} at JSON Pointer {@code path} ({@code ""} or {@code /} for the whole). */
    public static JsonNode at(StateSnapshot snapshot, String path) {
        if (path.isEmpty() || path.equals("/")) {
            return snapshot.document();
        }
        JsonPointer pointer;
        try {
            pointer = JsonPointer.compile(path);
        } catch (IllegalArgumentException e) {
            throw StateException.invalid(
                    "path '" + path + "' is not a JSON Pointer; it must start with '/', " + "e.g. /agents/0/name");
        }
        JsonNode node = snapshot.document().at(pointer);
        if (node.isMissingNode()) {
            throw StateException.notFound("nothing at path '" + path + "' in state version " + snapshot.version());
        }
        return node;
    }

    /** Replaces the whole document. {@code expected} empty means "whatever the current version is". */
    public StateSnapshot replace(JsonNode document, OptionalLong expected, Author author) {
        return write(expected, author, old -> document);
    }

    /** Applies an RFC 7386 merge patch. {@code expected} empty means "whatever the current version is". */
    public StateSnapshot merge(JsonNode patch, OptionalLong expected, Author author) {
        return write(expected, author, old -> MergePatch.apply(old, patch));
    }

    /** Sets the value at JSON Pointer {@code path}, creating missing objects on the way; last writer wins. */
    public StateSnapshot set(String path, JsonNode value, Author author) {
        JsonPointer pointer = pointer(path);
        return write(OptionalLong.empty(), author, old -> StatePaths.set(old, pointer, value));
    }

    /** One kept version with its document. */
    public StateSnapshot version(long version) {
        StateSnapshot s = current();
        if (version == s.version()) {
            return s;
        }
        return store.find(version)
                .map(SharedState::toSnapshot)
                .orElseThrow(() -> StateException.notFound(
                        "state version " + version + " is not kept; " + keptRange(s.version())));
    }

    /** Whether {@code document} equals one of the kept versions older than the current one (read in one query). */
    boolean isOlderKeptVersion(JsonNode document) {
        for (String json : store.documentsBefore(current().version())) {
            try {
                if (Json.mapper().readTree(json).equals(document)) {
                    return true;
                }
            } catch (IOException e) {
                LOG.warn("a kept state version in the database is not valid JSON: {}", e.getMessage());
            }
        }
        return false;
    }

    /** Kept versions, newest first, below {@code before}, at most {@code limit}. */
    public List<StateVersion> history(long before, int limit) {
        return store.history(before, limit);
    }

    /**
     * Runs {@code listener} after every write, inside the write lock and before the new version is served or
     * announced (the file mirror uses it: by the time anyone can see a version, the file holds it, so an edit of
     * the file made after seeing it is never overwritten by the mirror's write of that version).
     */
    void afterWrite(Consumer<StateSnapshot> listener) {
        this.afterWrite = listener;
    }

    /**
     * Runs {@code listener} at the start of every write, inside the write lock, so the file mirror can take an edit
     * of the file that its watcher has not reported yet before a write overwrites the file.
     */
    void beforeWrite(Runnable listener) {
        this.beforeWrite = listener;
    }

    /** Runs {@code action} while no write can happen (the file mirror compares and writes this way). */
    void whileLocked(Runnable action) {
        writeLock.lock();
        try {
            action.run();
        } finally {
            writeLock.unlock();
        }
    }

    private StateSnapshot write(OptionalLong expected, Author author, UnaryOperator<JsonNode> change) {
        try {
            return writeOnce(expected, author, change);
        } catch (StateException e) {
            if (e.kind() != StateException.Kind.STALE_VERSION || expected.isPresent()) {
                throw e;
            }
            return writeOnce(expected, author, change);
        }
    }

    private StateSnapshot writeOnce(OptionalLong expected, Author author, UnaryOperator<JsonNode> change) {
        writeLock.lock();
        try {
            runBeforeWrite();
            StateSnapshot old = current();
            if (expected.isPresent() && expected.getAsLong() != old.version()) {
                throw StateException.stale(expected.getAsLong(), old.version());
            }
            JsonNode next = change.apply(old.document());
            byte[] json = limits.check(next);
            if (next.equals(old.document())) {
                return old;
            }
            return commit(old, (ObjectNode) next, json, author);
        } finally {
            writeLock.unlock();
        }
    }

    private StateSnapshot commit(StateSnapshot old, ObjectNode next, byte[] json, Author author) {
        StateVersion info = new StateVersion(
                old.version() + 1,
                author.name(),
                author.keyId(),
                author.role(),
                author.via(),
                json.length,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        StateSnapshot snapshot = new StateSnapshot(info, next, json);
        NewEvent event = new NewEvent(CHANGED, TOPIC, author.keyId(), eventData(old, snapshot), info.at());
        long eventId = store.insert(info, json, keep, log, event);
        if (eventId == 0) {
            load();
            log.catchUp();
            StateSnapshot now = current();
            runAfterWrite(now);
            throw StateException.stale(old.version(), now.version());
        }
        runAfterWrite(snapshot);
        advance(snapshot);
        log.published(eventId);
        return snapshot;
    }

    /** Makes {@code next} the current snapshot unless a newer one already is; returns the current one. */
    private StateSnapshot advance(StateSnapshot next) {
        return current.accumulateAndGet(
                next, (now, offered) -> now == null || offered.version() > now.version() ? offered : now);
    }

    /**
     * Follows a {@code state.changed} another node wrote: loads that version (the newest, if it is no longer kept)
     * before the event is published here, so nobody on this node hears of a version this node does not serve. A
     * version not newer than the current one is ignored: the state never goes back. The file mirror, if any, is
     * brought up to date just after, under the write lock.
     */
    private void followOtherNode(Event event) {
        StateSnapshot now = current.get();
        if (now == null || !(event.data().get("version") instanceof Number version)) {
            return;
        }
        if (version.longValue() <= now.version()) {
            return;
        }
        Optional<StateStore.Stored> stored = store.find(version.longValue()).or(store::latest);
        StateSnapshot followed = advance(stored.map(SharedState::toSnapshot).orElse(now));
        if (followed.version() > now.version()) {
            Thread.ofVirtual().name("helix-state-mirror").start(this::mirrorCurrent);
        }
    }

    /** Lets the file mirror see the current version, as a write would. */
    private void mirrorCurrent() {
        whileLocked(() -> {
            runBeforeWrite();
            runAfterWrite(current());
        });
    }

    private void runBeforeWrite() {
        if (inBeforeWrite) {
            return;
        }
        inBeforeWrite = true;
        try {
            beforeWrite.run();
        } catch (RuntimeException e) {
            LOG.warn("before writing the state: {}", e.getMessage());
        } finally {
            inBeforeWrite = false;
        }
    }

    private void runAfterWrite(StateSnapshot snapshot) {
        try {
            afterWrite.accept(snapshot);
        } catch (RuntimeException e) {
            LOG.warn("after writing state version {}: {}", snapshot.version(), e.getMessage());
        }
    }

    /** The event's data: the version, its author as anyone may see it ({@link StateVersion#withoutAuthor}), patch. */
    private static Map<String, Object> eventData(StateSnapshot old, StateSnapshot now) {
        JsonNode patch = MergePatch.diff(old.document(), now.document());
        Map<String, Object> data = new LinkedHashMap<>();
        StateVersion who = now.info().withoutAuthor();
        data.put("version", now.version());
        if (who.author() != null) {
            data.put("author", who.author());
        }
        if (who.role() != null) {
            data.put("role", who.role());
        }
        data.put("via", who.via());
        data.put("patch", patch);
        if (!MergePatch.apply(old.document(), patch).equals(now.document())) {
            data.put("document", now.document());
        }
        return data;
    }

    private String keptRange(long newest) {
        return store.oldest()
                .map(o -> "versions " + o + " to " + newest + " are")
                .orElse("only the current version " + newest + " is");
    }

    private StateSnapshot empty() {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        return new StateSnapshot(
                new StateVersion(0, "helix", null, null, "init", 2, clock.instant()), doc, Json.bytes(doc));
    }

    private static JsonPointer pointer(String path) {
        try {
            return JsonPointer.compile(path);
        } catch (IllegalArgumentException e) {
            throw StateException.invalid("path '" + path + "' is not a JSON Pointer; it must start with '/'");
        }
    }

    private static StateSnapshot toSnapshot(StateStore.Stored stored) {
        try {
            JsonNode doc = Json.mapper().readTree(stored.json());
            return new StateSnapshot(stored.info(), (ObjectNode) doc, Json.bytes(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "state version " + stored.info().version() + " in the database is " + "not valid JSON", e);
        }
    }
}
