package dev.helix.conversations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.config.HelixConfig;
import dev.helix.events.EventLog;
import dev.helix.events.Outbox;
import dev.helix.internal.Ids;
import dev.helix.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Conversations with the agents: made, read, listed, changed and deleted, each only by its owner (admins may also
 * read every other owner's, never change them). Every change is written with its event in one transaction.
 */
public final class Conversations {
    private final Tables tables;
    private final ConversationStore store;
    private final MessageStore messages;
    private final HelixConfig.Conversations config;
    private final AgentDirectory agents;
    private final Clock clock;
    private final Ids ids;
    private final ConversationMetrics metrics;

    public Conversations(
            Database database,
            HelixConfig.Conversations config,
            AgentDirectory agents,
            EventLog events,
            Clock clock,
            MeterRegistry registry) {
        this.tables = new Tables(database, events);
        this.store = tables.conversations;
        this.messages = tables.messages;
        this.config = config;
        this.agents = agents;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.metrics = new ConversationMetrics(registry);
    }

    /** The settings it runs with. */
    public HelixConfig.Conversations config() {
        return config;
    }

    /** Makes a conversation of {@code owner} with {@code agent}; a 400 if there is no such agent. */
    public Conversation create(Owner owner, String agent, String title, ObjectNode metadata) {
        if (agents.persona(agent).isEmpty()) {
            throw ConversationException.invalid("'agent' names no agent: '" + agent + "'");
        }
        Instant now = now();
        Conversation c = new Conversation(
                ids.next("conv"), agent, title, owner.keyId(), owner.user(), false, metadata, now, now, 0, null);
        tables.write(tx -> {
            store.insert(tx.h, c);
            tx.emit(ConversationEvents.created(c));
            return c;
        });
        metrics.created();
        return c;
    }

    /** Conversation {@code id} as {@code caller} may read it: its own, or any for an admin; else a 404. */
    public Conversation get(Caller caller, String id) {
        return tables.read(h -> readable(h, caller, id));
    }

    /** The page {@code q} asks for; {@code next} is the cursor of the next page, if there is one. */
    Page list(ListQuery q) {
        List<Conversation> rows = tables.read(h -> store.list(h, q));
        if (rows.size() <= q.limit()) {
            return new Page(rows, Optional.empty());
        }
        List<Conversation> page = rows.subList(0, q.limit());
        Conversation last = page.getLast();
        return new Page(page, Optional.of(new Cursor(last.updated().toEpochMilli(), last.id()).encode()));
    }

    /** The {@code limit} conversations of {@code owner} updated last, newest first. */
    public List<Conversation> recent(Owner owner, int limit) {
        ListQuery q = new ListQuery(
                new Caller(owner, false),
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                limit,
                null);
        return list(q).data();
    }

    /** {@code owner}'s conversation {@code id}, if it has one. */
    public Optional<Conversation> find(Owner owner, String id) {
        return tables.read(h -> store.find(h, owner, id));
    }

    /** A page of conversations and the cursor of the next. */
    record Page(List<Conversation> data, Optional<String> next) {}

    /**
     * A page of the messages of conversation {@code id} as {@code caller} may read it (a 404 otherwise), in seq
     * order: those after seq {@code after}, or else before seq {@code before}, or else the newest; at most
     * {@code limit}.
     */
    public MessagePage messages(Caller caller, String id, @Nullable Long after, @Nullable Long before, int limit) {
        return tables.readTogether(h -> {
            Conversation c = readable(h, caller, id);
            List<Message> page = messages.page(h, c.owner(), c.id(), after, before, limit);
            long end = c.lastSeq() + 1;
            long first = page.isEmpty()
                    ? Math.min(end, after != null ? after + 1 : before != null ? before : end)
                    : page.getFirst().seq();
            long last = page.isEmpty() ? first - 1 : page.getLast().seq();
            return new MessagePage(page, first > 1 ? first : null, last);
        });
    }

    /**
     * A page of messages and where to go on from it.
     *
     * @param data   the messages, in seq order
     * @param before the {@code before} of the page of older messages, or null if there are none
     * @param after  the {@code after} of the page of newer messages (there may be none yet)
     */
    public record MessagePage(List<Message> data, @Nullable Long before, long after) {}

    /**
     * Stores {@code draft} as the next message of {@code owner}'s conversation (its seq drawn now) with its event;
     * answers it as stored, or a 404 if the owner has no such conversation.
     */
    Message append(Owner owner, Message draft) {
        return tables.write(tx -> append(tx, owner, draft));
    }

    /** Stores {@code draft} as the next message of {@code owner}'s conversation in {@code tx}, with its event. */
    Message append(Outbox.Tx tx, Owner owner, Message draft) {
        return append(tx, owner, draft, Map.of());
    }

    /** {@link #append(Outbox.Tx, Owner, Message)}, with {@code extra} members in the event's data. */
    Message append(Outbox.Tx tx, Owner owner, Message draft, Map<String, Object> extra) {
        Message stored = messages.insert(tx.h, owner, draft).orElseThrow(() -> notFound(draft.conversation()));
        tx.emit(ConversationEvents.message(owner, stored, "stored", extra));
        metrics.stored(stored.role());
        return stored;
    }

    /** Writes what changed of {@code owner}'s message {@code m} (an answer as it ends) with its event. */
    Message rewrite(Owner owner, Message m) {
        return tables.write(tx -> rewrite(tx, owner, m));
    }

    /** Writes what changed of {@code owner}'s message {@code m} in {@code tx}, with its event. */
    Message rewrite(Outbox.Tx tx, Owner owner, Message m) {
        if (!messages.update(tx.h, owner, m)) {
            throw ConversationException.notFound(
                    "no message '" + m.id() + "' in conversation '" + m.conversation() + "' for this key and user");
        }
        tx.emit(ConversationEvents.message(owner, m, "updated"));
        return m;
    }

    /** The tables, for the answering turn. */
    Tables tables() {
        return tables;
    }

    /** The agents conversations are held with. */
    AgentDirectory agents() {
        return agents;
    }

    /** The meters, for the answering turn. */
    ConversationMetrics metrics() {
        return metrics;
    }

    /** A new message id. */
    String newMessageId() {
        return ids.next("cmsg");
    }

    /** Applies {@code changes} to {@code owner}'s conversation {@code id}; answers it as changed. */
    Conversation change(Owner owner, String id, ConversationBodies.Changes changes) {
        return tables.write(tx -> {
            Conversation c = owned(tx.h, owner, id);
            Conversation changed = new Conversation(
                    c.id(),
                    c.agent(),
                    changes.title().orElse(c.title()),
                    c.key(),
                    c.user(),
                    changes.archived().orElse(c.archived()),
                    changes.metadata().orElse(c.metadata()),
                    c.created(),
                    now(),
                    c.lastSeq(),
                    c.answering());
            store.update(tx.h, changed);
            tx.emit(ConversationEvents.updated(changed));
            return changed;
        });
    }

    /** Deletes {@code owner}'s conversation {@code id} and all its messages; returns how many messages it had. */
    public int delete(Owner owner, String id) {
        return tables.write(tx -> {
            Conversation c = owned(tx.h, owner, id);
            int deleted = store.delete(tx.h, owner, id);
            tx.emit(ConversationEvents.deleted(c, deleted, now()));
            return deleted;
        });
    }

    /** The time now, to the millisecond stored. */
    Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private Conversation readable(Handle h, Caller caller, String id) {
        Optional<Conversation> own = store.find(h, caller.owner(), id);
        if (own.isPresent() || !caller.admin()) {
            return own.orElseThrow(() -> notFound(id));
        }
        return store.findAny(h, id).orElseThrow(() -> notFound(id));
    }

    private Conversation owned(Handle h, Owner owner, String id) {
        return store.find(h, owner, id).orElseThrow(() -> notFound(id));
    }

    static ConversationException notFound(String id) {
        return ConversationException.notFound("no conversation '" + shorten(id) + "' for this key and user "
                + "(X-Helix-User or the 'user' parameter name the user)");
    }

    static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
