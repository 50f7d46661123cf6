package dev.helix.ratelimit;

import dev.helix.config.Rate;
import dev.helix.config.RouteClass;
import dev.helix.http.Problem;
import dev.helix.http.ProblemException;
import dev.helix.http.Requests;
import dev.helix.http.RouteInterceptor;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Checks every request against its route class's rate before the handler runs: adds {@code RateLimit-Policy} and
 * {@code RateLimit} to the answer, and refuses a request over the limit with 429 and {@code Retry-After} (a problem
 * document, or OpenAI's error shape under {@code /v1/}). Health probes and classes whose rate is {@code off} pass
 * untouched.
 */
final class RateLimitInterceptor implements RouteInterceptor {
    /** Counter: requests refused with 429 by a rate limit, by {@code class}. */
    public static final String REJECTIONS = "helix.ratelimit.rejections";

    static final HeaderName RATELIMIT_POLICY = HeaderNames.create("RateLimit-Policy");
    static final HeaderName RATELIMIT = HeaderNames.create("RateLimit");

    private final RateLimiter limiter;
    private final boolean trustForwardedFor;
    private final Map<RouteClass, Counter> rejections = new EnumMap<>(RouteClass.class);

    RateLimitInterceptor(RateLimiter limiter, boolean trustForwardedFor, MeterRegistry registry) {
        this.limiter = limiter;
        this.trustForwardedFor = trustForwardedFor;
        for (RouteClass c : RouteClass.values()) {
            rejections.put(
                    c,
                    Counter.builder(REJECTIONS)
                            .description("Requests refused with 429 by a rate limit, by route class")
                            .tag("class", c.id())
                            .register(registry));
        }
    }

    @Override
    public void intercept(ServerRequest req, ServerResponse res, Route route, Next next) throws Exception {
        RouteClass routeClass = route.traits().routeClass().orElse(null);
        if (routeClass == null || !limiter.limits(routeClass)) {
            next.proceed(req, res);
            return;
        }
        boolean perIp = routeClass.perClientIp();
        String who = perIp
                ? ClientAddress.of(req, trustForwardedFor)
                : Requests.principal(req).keyId();
        Verdict verdict = limiter.check(routeClass, who);
        String policy = limiter.policyHeader(routeClass);
        String state = limiter.stateHeader(routeClass, verdict);
        if (!verdict.allowed()) {
            Objects.requireNonNull(rejections.get(routeClass), routeClass.id()).increment();
            throw tooManyRequests(routeClass, (perIp ? "client " : "API key ") + who, verdict, policy, state);
        }
        res.header(RATELIMIT_POLICY, policy);
        res.header(RATELIMIT, state);
        next.proceed(req, res);
    }

    private ProblemException tooManyRequests(
            RouteClass routeClass, String caller, Verdict verdict, String policy, String state) {
        Rate rate = limiter.rate(routeClass);
        long retry = verdict.retryAfterSeconds();
        String detail = caller + " has used its " + routeClass.id() + " rate limit of " + rate.limit()
                + " requests per " + rate.window() + " (limits." + routeClass.id() + "Rate); retry in " + retry + " s";
        Problem problem = Problem.of(429, "rate-limit-exceeded", "Too many requests", detail)
                .with("policy", routeClass.id())
                .with("quota", rate.limit())
                .with("window", rate.periodSeconds())
                .with("retryAfter", retry);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Retry-After", Long.toString(retry));
        headers.put(RATELIMIT_POLICY.defaultCase(), policy);
        headers.put(RATELIMIT.defaultCase(), state);
        return new ProblemException(problem, headers);
    }
}
