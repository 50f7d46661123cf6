package dev.helix.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One request as an endpoint sees it: what was received, the options in force when it arrived, and the server's id
 * sequence.
 */
record Call(RecordedRequest request, MockLlmServer.Options options, AtomicLong ids) {

    JsonNode body() {
        return request.body();
    }

    /** A new id: {@code prefix} + a number unique within this server. */
    String id(String prefix) {
        return prefix + ids.incrementAndGet();
    }

    /** Seconds since the epoch, for {@code created} fields. */
    long now() {
        return System.currentTimeMillis() / 1000;
    }
}
