package dev.helix.http;

import dev.helix.internal.Sha256;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Conditional-request headers (RFC 9110 §13): {@code If-None-Match} for cheap re-reads and {@code If-Match} for
 * writes that must not overwrite a change the caller has not seen.
 */
public final class EntityTags {
    private static final int MAX_TAGS = 32;

    /**
     * A parsed {@code If-Match} or {@code If-None-Match} header.
     *
     * @param any  the header was {@code *}
     * @param tags the entity tags listed, each with its quotes; weak ones keep their {@code W/} in {@code If-Match}
     *             (which compares strongly, so they never match) and lose it in {@code If-None-Match}
     */
    public record Condition(boolean any, List<String> tags) {
        /** Whether {@code etag} (a quoted tag) is matched, comparing weakly. */
        public boolean matches(String etag) {
            return any || tags.contains(etag);
        }
    }

    private EntityTags() {}

    /** A strong entity tag for {@code body}: the first 96 bits of its SHA-256, URL-safe Base64, quoted. */
    public static String strong(byte[] body) {
        byte[] digest = Sha256.of(body);
        return '"'
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 12))
                + '"';
    }

    /** Whether the request's {@code If-None-Match} names {@code etag}; a malformed header is ignored. */
    public static boolean noneMatch(ServerRequest req, String etag) {
        try {
            return condition(req, HeaderNames.IF_NONE_MATCH, true)
                    .map(c -> c.matches(etag))
                    .orElse(false);
        } catch (ProblemException malformed) {
            return false;
        }
    }

    /** The request's {@code If-Match}, if sent; 400 if it is not {@code *} or a list of quoted tags. */
    public static Optional<Condition> ifMatch(ServerRequest req) {
        return condition(req, HeaderNames.IF_MATCH, false);
    }

    private static Optional<Condition> condition(ServerRequest req, HeaderName name, boolean weakMatches) {
        List<String> values = req.headers().all(name, List::of);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String joined = String.join(",", values).trim();
        if (joined.equals("*")) {
            return Optional.of(new Condition(true, List.of()));
        }
        List<String> tags = new ArrayList<>();
        for (String part : joined.split(",", MAX_TAGS + 1)) {
            tags.add(tag(part.trim(), name, weakMatches));
        }
        if (tags.size() > MAX_TAGS) {
            throw ProblemException.badRequest(name.defaultCase() + " lists more than " + MAX_TAGS + " entity tags");
        }
        return Optional.of(new Condition(false, List.copyOf(tags)));
    }

    private static String tag(String text, HeaderName name, boolean weakMatches) {
        boolean weak = text.startsWith("W/");
        String t = weak ? text.substring(2) : text;
        boolean quoted =
                t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") && t.indexOf('"', 1) == t.length() - 1;
        if (!quoted) {
            throw ProblemException.badRequest(name.defaultCase() + " must be * or quoted entity tags such as \"12\", "
                    + "not " + (text.length() > 40 ? text.substring(0, 40) + "…" : text));
        }
        return weak && !weakMatches ? text : t;
    }
}
