package dev.helix.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The end user a request speaks for: the person an application's API key serves, named by the application in the
 * {@code X-Helix-User} header or, where a client cannot set headers (WebSocket, Server-Sent Events, browser links),
 * the {@code user} query parameter. Like OpenAI's {@code user} field it is the application's own id for the person:
 * 1 to {@value #MAX_LENGTH} characters without control characters. Both given and different is refused, and so is
 * an empty or malformed one: a request never falls back to "no user" by mistake.
 */
public final class EndUser {
    /** The header that names the end user. */
    public static final HeaderName HEADER = HeaderNames.create("X-Helix-User");
    /** The query parameter that names the end user. */
    public static final String PARAMETER = "user";
    /** The longest end-user id, in characters. */
    public static final int MAX_LENGTH = 256;

    private EndUser() {}

    /** The end user {@code req} names, if any; a 400 naming the header or parameter if it is malformed. */
    public static Optional<String> of(ServerRequest req) {
        return of(
                req.headers().first(HEADER).orElse(null),
                req.query().first(PARAMETER).orElse(null));
    }

    /**
     * The end user named by {@code header} (the value of {@code X-Helix-User}) and {@code parameter} (the
     * {@code user} query parameter), either of which may be null; a 400 naming the one that is wrong.
     */
    public static Optional<String> of(@Nullable String header, @Nullable String parameter) {
        if (header != null) {
            check(header, HEADER.defaultCase() + " header");
        }
        if (parameter != null) {
            check(parameter, "'" + PARAMETER + "' parameter");
        }
        if (header != null && parameter != null && !header.equals(parameter)) {
            throw ProblemException.badRequest("the " + HEADER.defaultCase() + " header and the '" + PARAMETER
                    + "' parameter name different users; give one, or the same in both");
        }
        return Optional.ofNullable(header != null ? header : parameter);
    }

    /** Whether {@code user} is a valid end-user id. */
    public static boolean valid(String user) {
        return problem(user) == null;
    }

    private static void check(String user, String where) {
        String problem = problem(user);
        if (problem != null) {
            throw ProblemException.badRequest("the " + where + " " + problem);
        }
    }

    private static @Nullable String problem(String user) {
        if (user.isEmpty() || user.length() > MAX_LENGTH) {
            return "must be 1 to " + MAX_LENGTH + " characters, not " + user.length();
        }
        for (int i = 0; i < user.length(); i++) {
            if (Character.isISOControl(user.charAt(i))) {
                return "must not hold control characters (one is at position " + (i + 1) + ")";
            }
        }
        return null;
    }
}
