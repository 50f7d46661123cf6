package dev.helix.memory;

import dev.helix.bus.Event;
import dev.helix.config.HelixConfig;
import dev.helix.conversations.Caller;
import dev.helix.conversations.Owner;
import dev.helix.events.EventLog;
import dev.helix.events.EventTypes;
import dev.helix.events.Outbox;
import dev.helix.internal.Ids;
import dev.helix.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory: what Helix remembers of each owner (an API key and the end user its application named), added, changed,
 * ended, deleted and forgotten only by that owner (admins may read every owner's, never change them); each change
 * written with its history entry and its event in one transaction, and reflected in the retrieval index of every
 * node.
 *
 * <p>The Java API other code calls (background synthesis among them) is stable: {@link #similar}, {@link #add},
 * {@link #update}, {@link #invalidate} and {@link #profile}. An {@code actor} says who made a change and is kept in
 * the memory's history: the API key id for changes through the API, {@code synthesis:<runId>} for background runs.
 * Calls that break a rule throw {@link MemoryException} (a text too large, a confidence outside 0..1, a memory the
 * owner does not have).
 */
public final class Memories implements AutoCloseable {
    /** The most source message ids one memory keeps. */
    public static final int MAX_SOURCES = 50;

    /** How often ended memories are taken out of the index. */
    public static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(Memories.class);
    private static final Pattern AGENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_:.-]{1,100}");
    private static final List<String> ITEM_EVENTS = List.of(
            EventTypes.MEMORY_ADDED,
            EventTypes.MEMORY_UPDATED,
            EventTypes.MEMORY_INVALIDATED,
            EventTypes.MEMORY_DELETED);

    private final MemoryTables tables;
    private final MemoryStore store;
    private final HelixConfig.Memory config;
    private final Clock clock;
    private final Ids ids;
    private final MemoryIndex index;
    private final MemoryMetrics metrics;

    public Memories(
            Database database, HelixConfig.Memory config, EventLog events, Clock clock, MeterRegistry registry) {
        this.tables = new MemoryTables(database, events);
        this.store = tables.store;
        this.config = config;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.index = new MemoryIndex(new IndexSource(), config.recencyHalfLife());
        this.metrics = new MemoryMetrics(registry, index::size);
    }

    /** The settings it runs with. */
    public HelixConfig.Memory config() {
        return config;
    }

    /** Builds the retrieval index from the (migrated) database; call once storage is ready. */
    public void load() {
        long start = System.nanoTime();
        int held = index.rebuild(now());
        LOG.info(
                "memory index holds {} memories (built in {} ms)",
                held,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /**
     * Keeps this node's index in step with the changes other nodes make: each of their memory events, read from the
     * shared event log, refreshes the memory (or the owner's memories) it names before this node publishes it.
     */
    public Memories followOthers(EventLog log) {
        for (String type : ITEM_EVENTS) {
            log.followOthers(type, this::followItem);
        }
        log.followOthers(EventTypes.MEMORY_FORGOTTEN, this::followForgotten);
        return this;
    }

    // ---- the stable Java API ----

    /**
     * The memories of {@code owner} that hold now most relevant to {@code text}, at most {@code k} (and never more
     * than 50), best first: BM25 on the text, weighed by confidence and recency. With an {@code agent}, the memories
     * for that agent and those for every agent; with none, all of the owner's. Never an ended (invalidated) memory.
     */
    public List<MemoryItem> similar(Owner owner, @Nullable String agent, String text, int k) {
        return Objects.requireNonNull(
                metrics.retrieval().record(() -> index.search(owner, agent, text, k, clock.instant())));
    }

    /** Adds memory {@code m} to {@code owner}'s, made by {@code actor}; answers it as stored (version 1). */
    public MemoryItem add(Owner owner, NewMemory m, String actor) {
        return tables.write(tx -> add(tx, owner, m, actor));
    }

    /**
     * Adds memory {@code m} to {@code owner}'s in transaction {@code tx}, with its event; the index has it before
     * {@code tx} commits (and forgets it if it rolls back). For a caller whose own change must commit with the
     * memory's, or not at all.
     */
    public MemoryItem add(Outbox.Tx tx, Owner owner, NewMemory m, String actor) {
        Instant now = now();
        check(m);
        Instant asked = m.validFrom();
        Instant from = asked == null ? now : asked.truncatedTo(ChronoUnit.MILLIS);
        Instant until = m.validTo();
        Instant to = until == null ? null : until.truncatedTo(ChronoUnit.MILLIS);
        if (to != null && !to.isAfter(from)) {
            throw MemoryException.invalid("'validTo' (" + to + ") must be after 'validFrom' (" + from + ")");
        }
        MemoryItem item = new MemoryItem(
                ids.next("mem"),
                owner.keyId(),
                owner.user(),
                m.agent(),
                m.kind(),
                m.text(),
                m.sources(),
                m.confidence(),
                from,
                to,
                now,
                now,
                1);
        store.insert(tx.h, item);
        store.record(tx.h, item, MemoryChange.ADDED, actor);
        tx.emit(MemoryEvents.added(item, actor));
        indexAhead(tx, item);
        return item;
    }

    /**
     * Changes {@code owner}'s memory {@code id} as {@code p} says, by {@code actor}; answers it as changed (one
     * version more). A {@code validTo} not after now ends it (recorded as an invalidation). A 404 if the owner has no
     * such memory, a 412 if {@code p.ifVersion()} is not its version.
     */
    public MemoryItem update(Owner owner, String id, MemoryPatch p, String actor) {
        return tables.write(tx -> update(tx, owner, id, p, actor));
    }

    /**
     * Changes {@code owner}'s memory {@code id} as {@code p} says in transaction {@code tx}, with its event; the index
     * has the change before {@code tx} commits (and is set back if it rolls back). For a caller whose own change must
     * commit with the memory's.
     */
    public MemoryItem update(Outbox.Tx tx, Owner owner, String id, MemoryPatch p, String actor) {
        if (p.isEmpty()) {
            throw MemoryException.invalid("nothing to change: give 'text', 'kind', 'confidence' or 'validTo'");
        }
        p.text().ifPresent(this::checkText);
        p.confidence().ifPresent(Memories::checkConfidence);
        Instant now = now();
        MemoryItem m = owned(tx.h, owner, id);
        if (p.ifVersion().isPresent() && p.ifVersion().getAsLong() != m.version()) {
            throw MemoryException.stale("memory '" + id + "' is at version " + m.version() + ", not "
                    + p.ifVersion().getAsLong() + " (If-Match): read it again and redo the change");
        }
        Instant to = p.validTo().map(t -> t.truncatedTo(ChronoUnit.MILLIS)).orElse(m.validTo());
        if (to != null && !to.isAfter(m.validFrom())) {
            to = m.validFrom().isAfter(now) ? m.validFrom() : now; // an end before its start: ended now
        }
        MemoryItem next = new MemoryItem(
                m.id(),
                m.key(),
                m.user(),
                m.agent(),
                p.kind().orElse(m.kind()),
                p.text().orElse(m.text()),
                m.sources(),
                p.confidence().orElse(m.confidence()),
                m.validFrom(),
                to,
                m.created(),
                now,
                m.version() + 1);
        boolean ends = p.validTo().isPresent() && !next.heldAfter(now);
        if (!store.update(tx.h, next)) {
            long current =
                    store.find(tx.h, owner, id).orElseThrow(() -> notFound(id)).version();
            throw MemoryException.conflict("memory '" + id + "' was changed by another request meanwhile (it is at "
                    + "version " + current + "): read it again and redo the change");
        }
        store.record(tx.h, next, ends ? MemoryChange.INVALIDATED : MemoryChange.UPDATED, actor);
        tx.emit(ends ? MemoryEvents.invalidated(next, actor) : MemoryEvents.updated(next, actor));
        indexAhead(tx, next);
        return next;
    }

    /**
     * Ends {@code owner}'s memory {@code id} at {@code validTo} (now or earlier: at once; later: then), by
     * {@code actor}; answers it as changed. It stays, with its history, but is no longer retrieved once ended.
     */
    public MemoryItem invalidate(Owner owner, String id, Instant validTo, String actor) {
        return update(owner, id, MemoryPatch.NONE.validTo(validTo), actor);
    }

    /** {@code owner}'s pinned profile, or an empty string if it has none. */
    public String profile(Owner owner) {
        return tables.read(h -> store.profile(h, owner))
                .map(MemoryStore.Profile::text)
                .orElse("");
    }

    // ---- what the API adds ----

    /** Memory {@code id} as {@code caller} may read it (its own, or any for an admin), with its history; else 404. */
    public Entry get(Caller caller, String id) {
        return tables.readTogether(h -> {
            MemoryItem m = readable(h, caller, id);
            return new Entry(m, store.history(h, m.id()));
        });
    }

    /**
     * A memory and its history.
     *
     * @param item    the memory
     * @param history its changes, oldest first
     */
    public record Entry(MemoryItem item, List<MemoryChange> history) {
        public Entry {
            history = List.copyOf(history);
        }
    }

    /** The page {@code q} asks for; {@code next} is the cursor of the next page, if there is one. */
    Page list(MemoryQuery q) {
        List<MemoryItem> rows = tables.read(h -> store.list(h, q, clock.instant()));
        if (rows.size() <= q.limit()) {
            return new Page(rows, Optional.empty());
        }
        List<MemoryItem> page = rows.subList(0, q.limit());
        MemoryItem last = page.getLast();
        return new Page(page, Optional.of(new MemoryCursor(last.updated().toEpochMilli(), last.id()).encode()));
    }

    /** A page of memories and the cursor of the next. */
    record Page(List<MemoryItem> data, Optional<String> next) {}

    /**
     * Takes the memories that have ended since they were indexed (a {@code validTo} then to come) out of this node's
     * index; searches leave them out anyway, this frees what they held. Periodic work.
     */
    public void pruneIndex() {
        try {
            index.prune(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn(
                    "ended memories could not be taken out of the index ({}); the next prune tries again",
                    e.toString());
        }
    }

    /** Deletes {@code owner}'s memory {@code id} and its history, by {@code actor}; answers how many entries it had. */
    public int delete(Owner owner, String id, String actor) {
        int history = tables.write(tx -> {
            MemoryItem m = owned(tx.h, owner, id);
            int deleted = store.delete(tx.h, owner, id);
            tx.emit(MemoryEvents.deleted(m, actor, now()));
            return deleted;
        });
        reindex(id);
        return history;
    }

    /**
     * Deletes all of {@code owner}'s memories, their history and the pinned profile (with an {@code agent}: only the
     * memories for that agent and their history), by {@code actor}; answers how many of each went.
     */
    public Forgotten forget(Owner owner, @Nullable String agent, String actor) {
        MemoryStore.Forgotten counts = tables.write(tx -> {
            MemoryStore.Forgotten f = store.forget(tx.h, owner, agent);
            tx.emit(MemoryEvents.forgotten(owner, agent, f, actor, now()));
            return f;
        });
        reindexOwner(owner);
        return new Forgotten(counts.items(), counts.history(), counts.profile() > 0);
    }

    /**
     * What forgetting deleted.
     *
     * @param items   how many memories
     * @param history how many history entries
     * @param profile whether the pinned profile
     */
    public record Forgotten(int items, int history, boolean profile) {}

    /** {@code owner}'s pinned profile with its version, if it has one. */
    public Optional<Profile> profileOf(Owner owner) {
        return tables.read(h -> store.profile(h, owner))
                .map(p -> new Profile(p.text(), p.version(), p.actor(), p.updated()));
    }

    /**
     * An owner's pinned profile, as the API shows it.
     *
     * @param text    the profile
     * @param version 1 when first set, one more with every change
     * @param actor   who set it last
     * @param updated when
     */
    public record Profile(String text, long version, String actor, Instant updated) {}

    /** Sets {@code owner}'s pinned profile to {@code text} (at most {@code memory.maxProfileSize}), by {@code actor}. */
    public Profile setProfile(Owner owner, String text, String actor) {
        long size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > config.maxProfileSize()) {
            throw MemoryException.tooLarge("the profile takes " + size + " bytes, more than the "
                    + config.maxProfileSize() + " allowed (memory.maxProfileSize)");
        }
        Instant now = now();
        return tables.write(tx -> {
            long version = store.profile(tx.h, owner).map(p -> p.version() + 1).orElse(1L);
            MemoryStore.Profile p = new MemoryStore.Profile(text, version, actor, now);
            store.putProfile(tx.h, owner, p);
            tx.emit(MemoryEvents.profile(owner, version, false, actor, now));
            return new Profile(text, version, actor, now);
        });
    }

    /** Deletes {@code owner}'s pinned profile, by {@code actor}; false if it had none. */
    public boolean deleteProfile(Owner owner, String actor) {
        Instant now = now();
        return tables.write(tx -> {
            Optional<MemoryStore.Profile> p = store.profile(tx.h, owner);
            if (p.isEmpty()) {
                return false;
            }
            store.deleteProfile(tx.h, owner);
            tx.emit(MemoryEvents.profile(owner, p.get().version(), true, actor, now));
            return true;
        });
    }

    // ---- checks ----

    private void check(NewMemory m) {
        checkText(m.text());
        checkConfidence(m.confidence());
        String agent = m.agent();
        if (agent != null && !AGENT.matcher(agent).matches()) {
            throw MemoryException.invalid("'agent' must be an agent id (letters, digits, '.', '_', '-'; at most 64), "
                    + "not '" + shorten(agent) + "'");
        }
        if (m.sources().size() > MAX_SOURCES) {
            throw MemoryException.invalid(
                    "'sources' holds " + m.sources().size() + " ids, more than the " + MAX_SOURCES + " allowed");
        }
        for (String s : m.sources()) {
            if (!SOURCE.matcher(s).matches()) {
                throw MemoryException.invalid("'sources' must hold message ids, not '" + shorten(s) + "'");
            }
        }
    }

    private void checkText(String text) {
        if (text.isBlank()) {
            throw MemoryException.invalid("'text' must not be blank");
        }
        long size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > config.maxTextSize()) {
            throw MemoryException.tooLarge("'text' takes " + size + " bytes, more than the " + config.maxTextSize()
                    + " allowed (memory.maxTextSize)");
        }
    }

    private static void checkConfidence(double confidence) {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw MemoryException.invalid("'confidence' must be from 0 to 1, not " + confidence);
        }
    }

    // ---- the index ----

    /**
     * Puts {@code item}, as written in {@code tx}, in the index before the commit, so that whoever sees the change
     * committed (a run seen done, an answer to the request) finds it in prompts too (unless the index is busy for
     * longer than a moment: then right after the commit); once {@code tx} has committed or rolled back, the index
     * takes the memory as the database then has it, so a change of the same memory committed meanwhile (a delete,
     * another update) is what stays.
     */
    private void indexAhead(Outbox.Tx tx, MemoryItem item) {
        tx.onRollback(() -> reindex(item.id()));
        tx.afterCommit(() -> reindex(item.id()));
        try {
            index.tryPut(item, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn(
                    "memory {} is stored but the index could not take it ({}); the next start does",
                    item.id(),
                    e.toString());
        }
    }

    private void reindex(String id) {
        try {
            index.refresh(id, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("memory {} is stored but the index could not take it ({}); the next start does", id, e.toString());
        }
    }

    private void reindexOwner(Owner owner) {
        try {
            index.refreshOwner(owner, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn(
                    "an owner's memory is forgotten but the index could not take it ({}); the next start does",
                    e.toString());
        }
    }

    private void followItem(Event e) {
        if (e.data().get("id") instanceof String id) {
            reindex(id);
            metrics.followed(Duration.between(e.at(), clock.instant()));
        }
    }

    private void followForgotten(Event e) {
        Owner.ofEvent(e.data()).ifPresent(owner -> {
            reindexOwner(owner);
            metrics.followed(Duration.between(e.at(), clock.instant()));
        });
    }

    /** The index's view of the database. */
    private final class IndexSource implements MemoryIndex.Source {
        @Override
        public Optional<MemoryItem> byId(String id) {
            return tables.read(h -> store.findAny(h, id));
        }

        @Override
        public List<MemoryItem> held(Owner owner, Instant now) {
            return tables.read(h -> store.held(h, owner, now));
        }

        @Override
        public void eachHeld(Instant now, Consumer<MemoryItem> sink) {
            tables.read(h -> {
                store.eachHeld(h, now, sink);
                return null;
            });
        }
    }

    // ---- helpers ----

    private MemoryItem readable(Handle h, Caller caller, String id) {
        Optional<MemoryItem> own = store.find(h, caller.owner(), id);
        if (own.isPresent() || !caller.admin()) {
            return own.orElseThrow(() -> notFound(id));
        }
        return store.findAny(h, id).orElseThrow(() -> notFound(id));
    }

    private MemoryItem owned(Handle h, Owner owner, String id) {
        return store.find(h, owner, id).orElseThrow(() -> notFound(id));
    }

    static MemoryException notFound(String id) {
        return MemoryException.notFound("no memory '" + shorten(id) + "' for this key and user "
                + "(X-Helix-User or the 'user' parameter name the user)");
    }

    static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }

    /** The time now, to the millisecond stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        index.close();
    }
}
