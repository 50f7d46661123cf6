package dev.helix.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One kept version of the shared state, without its document: what {@code GET /api/v1/state/history} lists.
 *
 * @param version the version number (1 for the first write)
 * @param author  who wrote it
 * @param keyId   the key that wrote it, if any
 * @param via     {@code api}, {@code command} or {@code file}
 * @param size    bytes of compact JSON
 * @param at      when it was written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StateVersion(long version, String author, String keyId, String via, int size, Instant at) {
}
