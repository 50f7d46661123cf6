package dev.helix.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem document: what every Helix error body is.
 *
 * @param type       a URI naming the kind of problem ({@code urn:helix:problem:<slug>})
 * @param title      the short, fixed summary of that kind
 * @param status     the HTTP status
 * @param detail     what went wrong this time, naming the field, value or limit involved
 * @param instance   the request id of the request that failed
 * @param extensions extra members, e.g. {@code checks} on a failed readiness probe
 */
@JsonPropertyOrder({"type", "title", "status", "detail", "instance"})
public record Problem(
        String type,
        String title,
        int status,
        @Nullable String detail,
        @Nullable String instance,
        @JsonIgnore Map<String, Object> extensions) {
    /** The media type of a problem document. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_PREFIX = "urn:helix:problem:";

    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** A problem of kind {@code slug} (e.g. {@code invalid-json}) with no instance yet. */
    public static Problem of(int status, String slug, String title, @Nullable String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, Map.of());
    }

    /** This problem with an extension member added. */
    public Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(type, title, status, detail, instance, more);
    }

    /** This problem for the request with id {@code requestId}. */
    public Problem forRequest(String requestId) {
        return new Problem(type, title, status, detail, requestId, extensions);
    }

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions;
    }
}
