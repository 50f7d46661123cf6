package dev.helix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.conversations.LiveAnswers;
import dev.helix.conversations.Message;
import dev.helix.conversations.Owner;
import dev.helix.internal.Json;
import dev.helix.storage.Database;
import dev.helix.storage.PostgresNotifications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text of answers as it is written, for the clients of every node sharing the PostgreSQL database: each piece is
 * pushed to this node's clients at once and sent to the other nodes with {@code pg_notify} on {@value #CHANNEL}, in
 * order, by one sender thread (pieces that queue up meanwhile travel together); each node pushes the pieces other nodes
 * sent to its own clients ({@link Arrivals}). So a person's device connected to another node sees the answer being written too.
 *
 * <p>Best effort, as the push to this node's clients is: a piece that cannot be sent (its queue is full, the database
 * is unreachable) or is sent while a node is not listening is not seen there, and counted here in
 * {@value #DROPPED}. The stored answer's event, which travels through the event log, is the truth every client gets.
 * A piece longer than {@value #MAX_PART_CHARS} characters travels in parts, put together again before the push, so
 * that a notification stays under PostgreSQL's 8,000 bytes.
 */
final class LiveAnswerRelay implements LiveAnswers, AutoCloseable {
    /** The notification channel the pieces travel on. */
    static final String CHANNEL = "helix_answer_text";
    /** Counter: pieces of answer text not sent to other nodes. */
    static final String DROPPED = "helix.conversations.live.dropped";
    /** The longest text of one part: 6 bytes a character at worst in JSON, well under a notification's limit. */
    static final int MAX_PART_CHARS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(LiveAnswerRelay.class);
    private static final int MAX_PAYLOAD_BYTES = 7000;
    private static final int QUEUE_CAPACITY = 10_000;

    private final LiveAnswers local;
    private final Arrivals arrivals;
    private final int maxPartChars;
    private final Database database;
    private final String channel;
    private final String node;
    private final Counter dropped;
    private final BlockingQueue<Piece> outgoing = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Map<String, StringBuilder> arriving = new ConcurrentHashMap<>();
    private final PostgresNotifications.Registration listening;
    private final Thread sender;
    private volatile boolean failing;

    /**
     * One piece, or one part of it.
     *
     * @param part  the part, from 1
     * @param parts how many parts the piece has
     */
    private record Piece(
            String key,
            @Nullable String user,
            String conversation,
            String message,
            int index,
            int part,
            int parts,
            String text) {}

    /** What a relay does with a piece another node sent. */
    @FunctionalInterface
    interface Arrivals {
        /** The {@code index}th piece of the text of answer {@code message} of {@code owner}'s {@code conversation}. */
        void text(Owner owner, String conversation, String message, int index, String text);
    }

    /**
     * A relay that pushes to this node's clients through {@code local} and to the other nodes' through
     * {@code notifications} of {@code database}, and hands what they send to {@code arrivals}.
     */
    LiveAnswerRelay(
            LiveAnswers local,
            Arrivals arrivals,
            Database database,
            PostgresNotifications notifications,
            MeterRegistry registry) {
        this(local, arrivals, database, notifications, registry, MAX_PART_CHARS);
    }

    /** A relay like the other constructor's whose parts are at most {@code maxPartChars} long (tests). */
    LiveAnswerRelay(
            LiveAnswers local,
            Arrivals arrivals,
            Database database,
            PostgresNotifications notifications,
            MeterRegistry registry,
            int maxPartChars) {
        this.local = local;
        this.arrivals = arrivals;
        this.maxPartChars = maxPartChars;
        this.database = database;
        this.channel = notifications.channel(CHANNEL);
        this.node = UUID.randomUUID().toString(); // not the node id: nodes on one host may share it
        this.dropped = Counter.builder(DROPPED)
                .description("Pieces of answer text being written that were not sent to the other nodes' clients")
                .register(registry);
        this.listening = notifications.listen(CHANNEL, new Listener());
        this.sender = Thread.ofVirtual().name("helix-answer-relay").start(this::send);
    }

    @Override
    public void text(Owner owner, Message answer, int index, String text) {
        local.text(owner, answer, index, text);
        int parts = Math.max(1, (text.length() + maxPartChars - 1) / maxPartChars);
        for (int part = 1; part <= parts; part++) {
            String slice = text.substring((part - 1) * maxPartChars, Math.min(text.length(), part * maxPartChars));
            Piece piece = new Piece(
                    owner.keyId(), owner.user(), answer.conversation(), answer.id(), index, part, parts, slice);
            if (!outgoing.offer(piece)) {
                dropped.increment();
            }
        }
    }

    /** The sender's loop: waits for pieces, sends what has queued up in as few notifications as fit. */
    private void send() {
        List<Piece> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(outgoing.take());
            } catch (InterruptedException e) {
                return;
            }
            outgoing.drainTo(batch);
            for (String payload : payloads(batch)) {
                notifyOthers(payload, batch.size());
            }
            batch.clear();
        }
    }

    /** {@code pieces} as notification payloads, each under {@value #MAX_PAYLOAD_BYTES} bytes, in order. */
    private List<String> payloads(List<Piece> pieces) {
        List<String> payloads = new ArrayList<>();
        List<Map<String, Object>> current = new ArrayList<>();
        int size = 0;
        for (Piece p : pieces) {
            Map<String, Object> json = json(p);
            int bytes = Json.bytes(json).length + 1;
            if (!current.isEmpty() && size + bytes > MAX_PAYLOAD_BYTES) {
                payloads.add(payload(current));
                current = new ArrayList<>();
                size = 0;
            }
            current.add(json);
            size += bytes;
        }
        if (!current.isEmpty()) {
            payloads.add(payload(current));
        }
        return payloads;
    }

    private String payload(List<Map<String, Object>> pieces) {
        return new String(Json.bytes(Map.of("node", node, "pieces", pieces)), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> json(Piece p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", p.key());
        m.put("user", p.user());
        m.put("conversation", p.conversation());
        m.put("message", p.message());
        m.put("index", p.index());
        m.put("part", p.part());
        m.put("parts", p.parts());
        m.put("text", p.text());
        return m;
    }

    private void notifyOthers(String payload, int pieces) {
        try {
            database.jdbi()
                    .useHandle(h -> h.select("SELECT pg_notify(?, ?)", channel, payload)
                            .mapTo(String.class)
                            .findFirst());
            if (failing) {
                failing = false;
                LOG.info("answer text reaches the other nodes' clients again");
            }
        } catch (RuntimeException e) {
            dropped.increment(pieces);
            if (!failing) {
                failing = true;
                LOG.warn(
                        "answer text could not be sent to the other nodes' clients ({}); they get each answer when "
                                + "it is stored",
                        e.getMessage());
            }
        }
    }

    /** What other nodes send: pushed to this node's clients, parts put together first. */
    private final class Listener implements PostgresNotifications.Listener {
        @Override
        public void heard(String payload) {
            try {
                JsonNode batch = Json.mapper().readTree(payload);
                if (node.equals(batch.path("node").asText())) {
                    return;
                }
                for (JsonNode p : batch.path("pieces")) {
                    arrived(p);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("a notification on {} was not answer text: {}", CHANNEL, e.toString());
            }
        }

        @Override
        public void resumed() {
            arriving.clear(); // parts sent while not listening are lost; their pieces are not pushed half
        }
    }

    private void arrived(JsonNode p) {
        String message = p.path("message").asText();
        int index = p.path("index").asInt();
        int part = p.path("part").asInt();
        int parts = p.path("parts").asInt();
        String text = p.path("text").asText();
        String whole = text;
        if (parts > 1) {
            String at = message + "#" + index;
            StringBuilder sb = part == 1 ? new StringBuilder() : arriving.get(at);
            if (sb == null) {
                return; // its first part was not heard
            }
            sb.append(text);
            if (part < parts) {
                arriving.put(at, sb);
                return;
            }
            arriving.remove(at);
            whole = sb.toString();
        }
        JsonNode user = p.path("user");
        Owner owner = new Owner(p.path("key").asText(), user.isTextual() ? user.asText() : null);
        arrivals.text(owner, p.path("conversation").asText(), message, index, whole);
    }

    @Override
    public void close() {
        sender.interrupt();
        listening.close();
    }
}
