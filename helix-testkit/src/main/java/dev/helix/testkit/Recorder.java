package dev.helix.testkit;

import io.helidon.http.Header;
import io.helidon.webserver.http.ServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the mock received: counts in total and per path, the last {@value #KEPT} requests, and those in progress. */
final class Recorder {
    static final int KEPT = 100;

    private final AtomicLong total = new AtomicLong();
    private final Map<String, LongAdder> byPath = new ConcurrentHashMap<>();
    private final ArrayDeque<RecordedRequest> recent = new ArrayDeque<>(KEPT);
    private final AtomicInteger active = new AtomicInteger();
    private final Set<String> peers = ConcurrentHashMap.newKeySet();

    /** Counts a request in progress until {@link #finished()}. */
    void started() {
        active.incrementAndGet();
    }

    void finished() {
        active.decrementAndGet();
    }

    int active() {
        return active.get();
    }

    /** Records {@code req} with its already-read {@code body} and returns the record. */
    RecordedRequest record(ServerRequest req, byte[] body) {
        String path = req.path().path();
        RecordedRequest recorded = new RecordedRequest(
                req.prologue().method().text(),
                path,
                req.query().rawValue(),
                headers(req),
                Json.parse(body),
                new String(body, StandardCharsets.UTF_8));
        byPath.computeIfAbsent(path, p -> new LongAdder()).increment();
        peers.add(req.remotePeer().address().toString());
        synchronized (recent) {
            if (recent.size() == KEPT) {
                recent.removeFirst();
            }
            recent.addLast(recorded);
        }
        total.incrementAndGet();
        return recorded;
    }

    long count() {
        return total.get();
    }

    long count(String path) {
        LongAdder n = byPath.get(path);
        return n == null ? 0 : n.sum();
    }

    /** Distinct client connections (remote address and port) that sent the requests counted. */
    int connections() {
        return peers.size();
    }

    RecordedRequest last() {
        synchronized (recent) {
            if (recent.isEmpty()) {
                throw new IllegalStateException("the mock LLM server has not received any request yet");
            }
            return recent.getLast();
        }
    }

    List<RecordedRequest> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** Forgets counts and recorded requests (not the requests in progress). */
    void clear() {
        peers.clear();
        synchronized (recent) {
            recent.clear();
            byPath.clear();
            total.set(0);
        }
    }

    private static Map<String, String> headers(ServerRequest req) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : req.headers()) {
            headers.merge(header.headerName().lowerCase(), header.values(), (a, b) -> a + ", " + b);
        }
        return headers;
    }
}
