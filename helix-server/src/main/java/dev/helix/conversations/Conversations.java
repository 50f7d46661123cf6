package dev.helix.conversations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.config.HelixConfig;
import dev.helix.events.EventLog;
import dev.helix.events.NewEvent;
import dev.helix.internal.Ids;
import dev.helix.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * Conversations with the agents: made, read, listed, changed and deleted, each only by its owner (admins may also
 * read every other owner's, never change them). Every change is written with its event in one transaction.
 */
public final class Conversations {
    private final Jdbi jdbi;
    private final ConversationStore store = new ConversationStore();
    private final MessageStore messages = new MessageStore();
    private final HelixConfig.Conversations config;
    private final AgentDirectory agents;
    private final EventLog events;
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
        this.jdbi = database.jdbi();
        this.config = config;
        this.agents = agents;
        this.events = events;
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
        write(h -> {
            store.insert(h, c);
            return ConversationEvents.created(c);
        });
        metrics.created();
        return c;
    }

    /** Conversation {@code id} as {@code caller} may read it: its own, or any for an admin; else a 404. */
    public Conversation get(Caller caller, String id) {
        return jdbi.withHandle(h -> readable(h, caller, id));
    }

    /**
     * Conversation {@code id} of {@code owner}, for a change; a 404 if the owner has none such (whoever else may
     * have one).
     */
    public Conversation owned(Owner owner, String id) {
        return jdbi.withHandle(h -> owned(h, owner, id));
    }

    /** The page {@code q} asks for; {@code next} is the cursor of the next page, if there is one. */
    Page list(ListQuery q) {
        List<Conversation> rows = jdbi.withHandle(h -> store.list(h, q));
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
        return jdbi.withHandle(h -> store.find(h, owner, id));
    }

    /** A page of conversations and the cursor of the next. */
    record Page(List<Conversation> data, Optional<String> next) {}

    /**
     * A page of the messages of conversation {@code id} as {@code caller} may read it (a 404 otherwise), in seq
     * order: those after seq {@code after}, or else before seq {@code before}, or else the newest; at most
     * {@code limit}.
     */
    public MessagePage messages(Caller caller, String id, @Nullable Long after, @Nullable Long before, int limit) {
        return jdbi.inTransaction(h -> {
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
        Message[] stored = new Message[1];
        write(h -> {
            stored[0] = messages.insert(h, owner, draft).orElseThrow(() -> notFound(draft.conversation()));
            return ConversationEvents.message(owner, stored[0], "stored");
        });
        return stored[0];
    }

    /** Writes what changed of {@code owner}'s message {@code m} (an answer as it ends) with its event. */
    Message rewrite(Owner owner, Message m) {
        write(h -> {
            if (!messages.update(h, owner, m)) {
                throw ConversationException.notFound(
                        "no message '" + m.id() + "' in conversation '" + m.conversation() + "' for this key and user");
            }
            return ConversationEvents.message(owner, m, "updated");
        });
        return m;
    }

    /** A new message id. */
    String newMessageId() {
        return ids.next("cmsg");
    }

    /** Applies {@code changes} to {@code owner}'s conversation {@code id}; answers it as changed. */
    Conversation change(Owner owner, String id, ConversationBodies.Changes changes) {
        Conversation[] changed = new Conversation[1];
        write(h -> {
            Conversation c = owned(h, owner, id);
            changed[0] = new Conversation(
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
            store.update(h, changed[0]);
            return ConversationEvents.updated(changed[0]);
        });
        return changed[0];
    }

    /** Deletes {@code owner}'s conversation {@code id} and all its messages; returns how many messages it had. */
    public int delete(Owner owner, String id) {
        int[] deleted = new int[1];
        write(h -> {
            Conversation c = owned(h, owner, id);
            deleted[0] = store.delete(h, owner, id);
            return ConversationEvents.deleted(c, deleted[0], now());
        });
        return deleted[0];
    }

    /** The time now, to the millisecond stored. */
    private Instant now() {
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

    /** A change and the event describing it, written in one transaction; the event published after the commit. */
    private void write(java.util.function.Function<Handle, NewEvent> change) {
        long id = jdbi.inTransaction(h -> events.append(h, change.apply(h)));
        events.published(id);
    }
}
