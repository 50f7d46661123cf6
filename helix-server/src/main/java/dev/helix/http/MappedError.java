package dev.helix.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an exception is answered with: the problem document and the response headers that go with it
 * ({@code Retry-After}, {@code WWW-Authenticate}, …). Made by the error mappings features register with
 * {@link Routes#onErrorWithHeaders}.
 *
 * @param problem the problem document
 * @param headers response headers, in the order they are sent
 */
public record MappedError(Problem problem, Map<String, String> headers) {
    public MappedError {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** {@code problem} with no headers. */
    public static MappedError of(Problem problem) {
        return new MappedError(problem, Map.of());
    }

    /** This answer with the header {@code name: value} added (replacing one of the same name). */
    public MappedError withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new MappedError(problem, more);
    }
}
