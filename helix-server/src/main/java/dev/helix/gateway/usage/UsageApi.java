package dev.helix.gateway.usage;

import dev.helix.access.Principal;
import dev.helix.auth.BudgetPeriod;
import dev.helix.http.HttpFeature;
import dev.helix.http.ProblemException;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.Routes;
import dev.helix.internal.Names;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/usage?from=&to=&groupBy=&keyId=&agent=&task=}: LLM usage and cost by key, model, deployment,
 * provider, UTC day, agent or task, or by several of them at once ({@code groupBy=agent,task}), optionally of one
 * agent or one task only. Admins see every key (or one with {@code keyId}); any other key sees only its own usage.
 */
public final class UsageApi implements HttpFeature {
    /** The usage report. */
    public static final String USAGE = "/api/v1/usage";
    /** The longest range a report may cover. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);

    private static final Set<String> PARAMETERS = Set.of("from", "to", "groupBy", "keyId", "agent", "task");
    private final Accounting accounting;
    private final Clock clock;

    public UsageApi(Accounting accounting, Clock clock) {
        this.accounting = accounting;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        routes.get(USAGE, this::usage);
    }

    private void usage(ServerRequest req, ServerResponse res) {
        Responses.ok(res, accounting.report(query(req, Requests.principal(req))));
    }

    private UsageQuery query(ServerRequest req, Principal caller) {
        for (String name : req.query().names()) {
            if (!PARAMETERS.contains(name)) {
                throw ProblemException.badRequest(
                        "unknown parameter '" + name + "'; allowed: from, to, groupBy, keyId, agent, task");
            }
        }
        Instant now = clock.instant();
        Instant from = param(req, "from").map(v -> instant(v, "from", false)).orElse(BudgetPeriod.MONTH.start(now));
        Instant to = param(req, "to").map(v -> instant(v, "to", true)).orElse(now);
        checkRange(from, to);
        List<UsageQuery.GroupBy> groupBy;
        try {
            groupBy =
                    param(req, "groupBy").map(UsageQuery.GroupBy::parseList).orElse(List.of(UsageQuery.GroupBy.MODEL));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        return new UsageQuery(
                from,
                to,
                groupBy,
                keyFilter(param(req, "keyId"), caller),
                name(req, "agent", Names.AGENT_ID, Names.AGENT_ID_RULE),
                name(req, "task", Names.TASK, Names.TASK_RULE));
    }

    /** The agent or task filter {@code parameter}, checked against {@code shape}; null when not given. */
    private static @Nullable String name(ServerRequest req, String parameter, Pattern shape, String rule) {
        String value = param(req, parameter).orElse(null);
        if (value != null && !shape.matcher(value).matches()) {
            throw ProblemException.badRequest(parameter + " must be " + rule + "; not '"
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
        }
        return value;
    }

    private static Optional<String> param(ServerRequest req, String name) {
        return req.query().first(name).asOptional();
    }

    /** An instant, an offset date-time or a date; a date in {@code to} includes that whole day. */
    private static Instant instant(String text, String name, boolean endOfDay) {
        String v = text.strip();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // try a date
        }
        try {
            LocalDate day = LocalDate.parse(v);
            return (endOfDay ? day.plusDays(1) : day)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            String shown = v.length() > 40 ? v.substring(0, 40) + "…" : v;
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant (2026-11-01T00:00:00Z) or date "
                    + "(2026-11-01), not '" + shown + "'");
        }
    }

    private static void checkRange(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ProblemException.badRequest("from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ProblemException.badRequest("from " + from + " to " + to + " is "
                    + Duration.between(from, to).toDays() + " days; a report covers at most " + MAX_RANGE.toDays()
                    + " days");
        }
    }

    /** Admins may filter by any key; anyone else is limited to their own key and may only name that. */
    private static @Nullable String keyFilter(Optional<String> keyId, Principal caller) {
        if (caller.isAdmin()) {
            return keyId.map(String::strip).filter(k -> !k.isEmpty()).orElse(null);
        }
        if (keyId.isPresent() && !keyId.get().strip().equals(caller.keyId())) {
            throw ProblemException.forbidden(
                    "a user key sees only its own usage: keyId must be " + caller.keyId() + " or left out");
        }
        return caller.keyId();
    }
}
