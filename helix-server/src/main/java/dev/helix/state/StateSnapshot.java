package dev.helix.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The shared state at one version: the document, its compact JSON (ready to send) and who wrote it. Snapshots are
 * immutable by contract: the document is never changed after the snapshot is made, so readers must not change it.
 */
public final class StateSnapshot {
    private final StateVersion info;
    private final ObjectNode document;
    private final byte[] json;
    private final String etag;

    StateSnapshot(StateVersion info, ObjectNode document, byte[] json) {
        this.info = info;
        this.document = document;
        this.json = json;
        this.etag = etagOf(info.version());
    }

    /** The strong entity tag for {@code version}: the number in double quotes. */
    public static String etagOf(long version) {
        return "\"" + version + "\"";
    }

    public long version() {
        return info.version();
    }

    /** The document; do not modify it. */
    public JsonNode document() {
        return document;
    }

    ObjectNode objectDocument() {
        return document;
    }

    /** The document as compact UTF-8 JSON; do not modify the array. */
    public byte[] json() {
        return json;
    }

    public String etag() {
        return etag;
    }

    public StateVersion info() {
        return info;
    }

    public Instant at() {
        return info.at();
    }
}
