package dev.helix.messaging;

import dev.helix.config.HelixConfig;
import dev.helix.events.EventLog;
import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import dev.helix.internal.Ids;
import dev.helix.internal.Sha256;
import dev.helix.internal.Wakeups;
import dev.helix.storage.Database;
import dev.helix.storage.PostgresNotifications;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Agents' mailboxes: post a message to an agent, take the next ones (waiting for them if asked), acknowledge or
 * release them, answer them, and send a request that waits for its answer.
 *
 * <p>Order: a message is taken in order of its creation time plus its priority's rank (high 0, normal 1, low 2)
 * times {@code messaging.priorityStep}: among messages of about the same age high goes first, then normal, then low,
 * and a waiting message rises one priority per step of age, so a low message is never starved by newer high ones.
 * A taken message is invisible for {@code messaging.visibility}; not acknowledged by then it is delivered again,
 * its delivery count one higher. Expired messages are never delivered, and {@link #prune()} deletes them.
 *
 * <p>A long poll wakes as soon as a message is posted on its own node and, on PostgreSQL, on any other node sharing
 * the database ({@code LISTEN/NOTIFY} on {@value MailboxStore#CHANNEL}, heard through {@link Database#notifications()}); it also looks again every {@link #RECHECK}, so
 * a lost notification delays a message but never loses it.
 */
public final class Mailboxes implements AutoCloseable {
    /** How often a waiting long poll looks in the database again, in case a wake-up from another node was lost. */
    public static final Duration RECHECK = Duration.ofMillis(200);
    /** How often expired and acknowledged messages are deleted and the depth gauges refreshed. */
    public static final Duration PRUNE_EVERY = Duration.ofSeconds(10);
    /** How long a post's idempotency key is remembered. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** The longest idempotency key. */
    static final int MAX_IDEMPOTENCY_KEY = 255;
    /** The most messages one take returns. */
    public static final int MAX_TAKE = 100;
    /** The longest ttl a message may have. */
    public static final Duration MAX_TTL = Duration.ofDays(7);
    /** The mailbox of replies to requests that named no {@code replyTo}: only the waiting request reads it. */
    static final String NO_MAILBOX = "";

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");

    private final MailboxStore store;
    private final HelixConfig.Messaging config;
    private final Recipients recipients;
    private final Clock clock;
    private final Ids ids;
    private final MessagingMetrics metrics;
    private final Wakeups wakeups = new Wakeups();
    private final Optional<PostgresNotifications> fromOtherNodes; // empty on SQLite, which has one node
    private final Optional<PostgresNotifications.Registration> listening;
    private volatile Optional<EventLog> events = Optional.empty();

    public Mailboxes(
            Database database,
            HelixConfig.Messaging config,
            Recipients recipients,
            Clock clock,
            MeterRegistry registry) {
        this.store = new MailboxStore(database);
        this.config = config;
        this.recipients = recipients;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.metrics = new MessagingMetrics(registry);
        this.fromOtherNodes = database.notifications();
        this.listening = fromOtherNodes.map(n -> n.listen(MailboxStore.CHANNEL, wakeups::signal));
    }

    /**
     * Writes a {@code messages.posted} event (subject {@code agent:<id>}) with each message posted from now on, in
     * the same transaction, so real-time clients of every node hear of it.
     */
    public Mailboxes announceTo(EventLog log) {
        events = Optional.of(log);
        return this;
    }

    /** The settings it runs with. */
    public HelixConfig.Messaging config() {
        return config;
    }

    /** Posts {@code draft}; throws if the agent or {@code replyTo} is unknown or the message is invalid. */
    public Message post(Draft draft) {
        requirePostable(draft);
        return store(draft, null);
    }

    /**
     * What a post with an idempotency key came to.
     *
     * @param id       the message's id
     * @param replayed whether an earlier post with the key had made it (this one made nothing)
     */
    public record Posted(String id, boolean replayed) {}

    /**
     * Posts {@code draft} unless its sender posted with {@code idempotencyKey} within {@link #IDEMPOTENCY_WINDOW}:
     * then answers the message that post made, and writes nothing. So a sender that got no answer may post again with
     * the same key and the message is delivered once. The same key with another message is refused (422).
     */
    public Posted postOnce(Draft draft, String idempotencyKey) {
        checkIdempotencyKey(idempotencyKey);
        requirePostable(draft);
        Message m = message(draft, null);
        String fingerprint = fingerprint(draft);
        List<String> wakes = wakes(m);
        MailboxStore.Once once = store.insertOnce(
                m,
                sortAt(m),
                wakes,
                announcement(m),
                idempotencyKey,
                fingerprint,
                m.created().minus(IDEMPOTENCY_WINDOW).toEpochMilli());
        if (once.inserted()) {
            posted(m, wakes, once.written());
            return new Posted(m.id(), false);
        }
        if (!once.fingerprint().equals(fingerprint)) {
            throw MessagingException.keyReused("the Idempotency-Key '" + idempotencyKey + "' was used by this API key "
                    + "for another message (" + once.messageId() + ") in the last " + IDEMPOTENCY_WINDOW.toHours()
                    + " hours: a new message needs a new key");
        }
        return new Posted(once.messageId(), true);
    }

    private void requirePostable(Draft draft) {
        requireAgent(draft.agent());
        if (draft.replyTo() != null && !recipients.exists(draft.replyTo())) {
            throw MessagingException.invalid("'replyTo' names no agent: '" + draft.replyTo() + "'");
        }
    }

    private Message store(Draft draft, @Nullable String inReplyTo) {
        Message m = message(draft, inReplyTo);
        List<String> wakes = wakes(m);
        posted(m, wakes, store.insert(m, sortAt(m), wakes, announcement(m)));
        return m;
    }

    /** The message {@code draft} makes, checked. */
    private Message message(Draft draft, @Nullable String inReplyTo) {
        checkType(draft.type());
        checkData(draft.data());
        Instant now = clock.instant();
        Duration ttl = draft.ttl() == null ? config.defaultTtl() : draft.ttl();
        return new Message(
                ids.next("msg"),
                draft.agent(),
                draft.priority(),
                draft.type(),
                draft.data(),
                draft.replyTo(),
                inReplyTo,
                draft.sender(),
                now,
                now.plus(ttl),
                0,
                null);
    }

    /** Where {@code m} is taken in its mailbox: its time, later by its priority's rank times the step. */
    private long sortAt(Message m) {
        return m.created().toEpochMilli()
                + m.priority().rank() * config.priorityStep().toMillis();
    }

    /** The keys of the waits {@code m} may end. */
    private static List<String> wakes(Message m) {
        return m.inReplyTo() == null
                ? List.of(mailboxKey(m.agent()))
                : List.of(mailboxKey(m.agent()), replyKey(m.inReplyTo()));
    }

    /** After {@code m} is stored: counted, its waits woken, its event ({@code eventId}) published. */
    private void posted(Message m, List<String> wakes, long eventId) {
        metrics.posted(m.priority());
        wakes.forEach(wakeups::signal);
        if (eventId > 0) {
            events.ifPresent(log -> log.published(eventId));
        }
    }

    /** What a post asked for, as a SHA-256: two posts with one idempotency key must ask for the same. */
    private static String fingerprint(Draft d) {
        String asked = String.join(
                "\u0000",
                d.agent(),
                d.priority().id(),
                d.type(),
                d.data(),
                String.valueOf(d.replyTo()),
                String.valueOf(d.ttl()));
        return Sha256.hex(asked);
    }

    /** An idempotency key: 1 to 255 visible ASCII characters (no spaces or controls). */
    private static void checkIdempotencyKey(String key) {
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
            throw MessagingException.invalid("the Idempotency-Key header must have 1 to " + MAX_IDEMPOTENCY_KEY
                    + " characters, not " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw MessagingException.invalid(
                        "the Idempotency-Key header may hold visible ASCII characters only (no spaces)");
            }
        }
    }

    /** What writes the {@code messages.posted} event of {@code m} with it, when posts are announced. */
    private ToLongFunction<Handle> announcement(Message m) {
        if (events.isEmpty() || m.agent().equals(NO_MAILBOX)) {
            return MailboxStore.NOTHING_ELSE;
        }
        EventLog log = events.get();
        NewEvent event = new NewEvent(
                EventTypes.MESSAGES_POSTED,
                EventTypes.AGENT_PREFIX + m.agent(),
                m.sender(),
                postedData(m),
                m.created());
        return h -> log.append(h, event);
    }

    private static Map<String, Object> postedData(Message m) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", m.id());
        data.put("priority", m.priority().id());
        data.put("type", m.type());
        if (m.replyTo() != null) {
            data.put("replyTo", m.replyTo());
        }
        if (m.inReplyTo() != null) {
            data.put("inReplyTo", m.inReplyTo());
        }
        data.put("expires", m.expires().toString());
        return data;
    }

    /**
     * Takes up to {@code max} messages of {@code agent}, waiting up to {@code wait} (capped to
     * {@code messaging.maxWait}) for the first; empty if none came.
     */
    public List<Message> take(String agent, int max, Duration wait) {
        requireAgent(agent);
        if (max < 1 || max > MAX_TAKE) {
            throw MessagingException.invalid("'max' must be from 1 to " + MAX_TAKE + ", not " + max);
        }
        long deadline = System.nanoTime() + capped(wait).toNanos();
        String key = mailboxKey(agent);
        while (true) {
            long seen = wakeups.generation(key);
            List<Message> taken = takeNow(agent, max);
            long left = deadline - System.nanoTime();
            if (!taken.isEmpty() || left <= 0 || !pause(key, seen, left)) {
                return taken;
            }
        }
    }

    private List<Message> takeNow(String agent, int max) {
        long now = clock.millis();
        if (!store.hasTakeable(agent, now)) {
            return List.of();
        }
        List<Message> taken =
                store.take(agent, max, now, now + config.visibility().toMillis());
        metrics.taken(taken);
        return taken;
    }

    /** Waits for a signal on {@code key} or {@link #RECHECK}; false if it should stop waiting (stopping, interrupted). */
    private boolean pause(String key, long seen, long leftNanos) {
        if (wakeups.closed()) {
            return false;
        }
        metrics.startedWaiting();
        try {
            wakeups.await(key, seen, Math.min(leftNanos, RECHECK.toNanos()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            metrics.stoppedWaiting();
        }
    }

    /** Acknowledges a taken message: it is never delivered again. Acknowledging it again changes nothing. */
    public void ack(String agent, String id) {
        if (store.ack(agent, id)) {
            metrics.acked(find(agent, id).message().priority());
            return;
        }
        MailboxStore.Row row = find(agent, id);
        if (!row.state().equals("acked")) {
            throw MessagingException.conflict("message " + id + " is not taken (it is " + row.state()
                    + "); only a taken message can be acknowledged");
        }
    }

    /** Releases a taken message: it may be taken again at once. */
    public void release(String agent, String id) {
        if (store.release(agent, id, clock.millis())) {
            wakeups.signal(mailboxKey(agent));
            return;
        }
        throw MessagingException.conflict("message " + id + " is not taken (it is "
                + find(agent, id).state() + "); only a taken message can be released");
    }

    /**
     * Answers message {@code id} of {@code agent} with {@code answer} (whose agent is ignored): the answer goes to
     * the message's {@code replyTo} mailbox and to a request waiting for it; the message is acknowledged if taken.
     */
    public Message reply(String agent, String id, Draft answer) {
        Message asked = find(agent, id).message();
        String to = asked.replyTo() == null ? NO_MAILBOX : asked.replyTo();
        Message sent = store(
                new Draft(to, answer.priority(), answer.type(), answer.data(), null, answer.ttl(), answer.sender()),
                id);
        if (store.ack(agent, id)) {
            metrics.acked(asked.priority());
        }
        return sent;
    }

    /**
     * Posts {@code draft} and waits up to {@code wait} (capped to {@code messaging.maxWait}) for the first answer;
     * throws a timeout naming the request if none comes.
     */
    public Exchange request(Draft draft, Duration wait) {
        Message asked = post(draft);
        String key = replyKey(asked.id());
        long deadline = System.nanoTime() + capped(wait).toNanos();
        try {
            while (true) {
                long seen = wakeups.generation(key);
                Optional<Message> answer = store.takeReply(asked.id(), clock.millis());
                if (answer.isPresent()) {
                    metrics.taken(List.of(answer.get()));
                    metrics.acked(answer.get().priority());
                    return new Exchange(asked.id(), answer.get());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !pause(key, seen, left)) {
                    throw MessagingException.timeout("no reply to message " + asked.id() + " within "
                            + DurationText.format(capped(wait))
                            + (asked.replyTo() == null
                                    ? "; a later reply is dropped"
                                    : "; a later reply goes to the mailbox of " + asked.replyTo()));
                }
            }
        } finally {
            wakeups.forget(key);
        }
    }

    /** A request and its answer. */
    public record Exchange(String request, Message reply) {}

    /**
     * What waits in {@code agent}'s mailbox now, for the real-time snapshot of its topic:
     * {@code {"agent", "waiting": {"high", "normal", "low"}}}, counting the messages that could be taken now.
     */
    public Map<String, Object> summary(String agent) {
        Map<String, Object> waiting = new LinkedHashMap<>();
        for (Priority p : Priority.values()) {
            waiting.put(p.id(), 0L);
        }
        for (MailboxStore.Depth d : store.depths(agent, clock.millis())) {
            waiting.put(Priority.ofRank(d.rank()).id(), d.count());
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("agent", agent);
        summary.put("waiting", waiting);
        return summary;
    }

    /** Deletes expired and acknowledged messages, counts the expired ones and refreshes the depth gauges. */
    public void prune() {
        long now = clock.millis();
        metrics.expired(store.deleteExpired(now));
        store.deleteAcked();
        store.forgetIdempotencyKeys(now - IDEMPOTENCY_WINDOW.toMillis());
        metrics.depths(List.copyOf(recipients.ids()), store.depths(now));
    }

    /** Ends every waiting long poll and request now (they answer with what they have); later ones do not wait. */
    @Override
    public void close() {
        wakeups.close();
        listening.ifPresent(PostgresNotifications.Registration::close);
    }

    /** Whether posts on other nodes wake this node's waits at once (PostgreSQL {@code LISTEN} is up). */
    boolean hearsOtherNodes() {
        return fromOtherNodes.map(PostgresNotifications::listening).orElse(false);
    }

    private Duration capped(Duration wait) {
        return wait.compareTo(config.maxWait()) > 0 ? config.maxWait() : wait;
    }

    private MailboxStore.Row find(String agent, String id) {
        return store.find(agent, id)
                .orElseThrow(() -> MessagingException.notFound(
                        "agent '" + agent + "' has no message " + id + " (expired and acknowledged ones are deleted)"));
    }

    private void requireAgent(String agent) {
        if (!recipients.exists(agent)) {
            throw MessagingException.notFound("no agent has id '" + agent + "'");
        }
    }

    private static void checkType(String type) {
        if (!TYPE.matcher(type).matches()) {
            throw MessagingException.invalid("'type' must be 1 to 100 letters, digits and . _ : / - starting with a "
                    + "letter or digit, not '" + type + "'");
        }
    }

    private void checkData(String data) {
        int size = data.getBytes(StandardCharsets.UTF_8).length;
        if (size > config.maxDataSize()) {
            throw MessagingException.tooLarge("'data' is " + size + " bytes of JSON; the limit is "
                    + config.maxDataSize() + " (messaging.maxDataSize)");
        }
    }

    private static String mailboxKey(String agent) {
        return "mailbox:" + agent;
    }

    private static String replyKey(String request) {
        return "reply:" + request;
    }
}
