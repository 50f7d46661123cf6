package dev.helix.gateway;

import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.config.GatewayConfig;
import dev.helix.gateway.config.ModelConfig;
import dev.helix.gateway.config.RetryCondition;
import dev.helix.gateway.provider.CallWatch;
import dev.helix.gateway.provider.Provider;
import dev.helix.gateway.provider.UpstreamException;
import dev.helix.gateway.provider.Watchdog;
import dev.helix.gateway.routing.DeploymentState;
import dev.helix.gateway.routing.RequestNeeds;
import dev.helix.gateway.routing.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Runs one client request against a model's deployments, then its fallback models: a deployment that fails in a
 * way {@code retry.on} allows is followed at once by the next; coming back to a deployment already tried waits an
 * exponential, jittered backoff (or the provider's {@code Retry-After}, if not longer than {@code maxBackoff}).
 * Open breakers and cooling deployments are skipped. Errors the client caused (other 4xx) end it at once.
 */
final class Failover {
    /** One upstream call. */
    @FunctionalInterface
    interface Call<T> {
        T call(Provider provider, DeploymentConfig deployment, CallWatch watch);
    }

    /**
     * A successful call.
     *
     * @param result        what the call returned
     * @param model         the model that answered (the requested one or a fallback)
     * @param deployment    the deployment that answered
     * @param attempts      upstream calls made, this one included
     * @param failedAnswers earlier calls whose answer failed after the provider had started it (it may bill them)
     * @param watch         the successful call's watch, still running (the caller finishes it)
     * @param startNanos    when the successful call started
     */
    record Success<T>(
            T result,
            ModelConfig model,
            DeploymentConfig deployment,
            int attempts,
            int failedAnswers,
            CallWatch watch,
            long startNanos) {}

    private final Router router;
    private final Watchdog watchdog;
    private final GatewayMetrics metrics;

    Failover(Router router, Watchdog watchdog, GatewayMetrics metrics) {
        this.router = router;
        this.watchdog = watchdog;
        this.metrics = metrics;
    }

    <T> Success<T> run(GatewaySetup setup, ModelConfig first, RequestNeeds needs, Call<T> call) {
        Failures failures = new Failures(router.ticker());
        int attempts = 0;
        List<ModelConfig> chain = chain(setup.config(), first);
        for (ModelConfig model : chain) {
            List<DeploymentConfig> order = router.order(model, needs);
            DeploymentTries tries = new DeploymentTries();
            int budget = setup.config().retry().attempts();
            int used = 0;
            boolean progress = true;
            while (used < budget && progress) {
                progress = false;
                for (DeploymentConfig d : order) {
                    if (used >= budget) {
                        break;
                    }
                    DeploymentState state = router.state(d);
                    if (tries.ruledOut(d) || !state.tryAcquire()) {
                        if (tries.untouched(d)) {
                            failures.skipped(d, state);
                            tries.ruleOut(d);
                        }
                        continue;
                    }
                    int previous = tries.failures(d);
                    if (previous > 0 && !backoff(setup.config().retry(), previous, failures.retryAfter(), state)) {
                        continue;
                    }
                    used++;
                    attempts++;
                    progress = true;
                    if (attempts > 1) {
                        metrics.retry(d.id());
                    }
                    Provider provider = Objects.requireNonNull(setup.providers().get(d.provider()), d.provider());
                    long start = System.nanoTime();
                    CallWatch watch = watchdog.watch(provider.config().timeouts());
                    try {
                        T result = call.call(provider, d, watch);
                        state.succeeded(System.nanoTime() - start);
                        return new Success<>(result, model, d, attempts, failures.failedAnswers(), watch, start);
                    } catch (UpstreamException e) {
                        watch.finish();
                        Verdict verdict = judge(setup.config().retry(), e);
                        record(state, e, verdict, System.nanoTime() - start);
                        failures.failed(d, e, watch.responded(), state);
                        metrics.upstreamFailure(d.id(), reason(e));
                        if (verdict == Verdict.CLIENT_ERROR) {
                            throw failures.rejected(e, attempts);
                        }
                        if (verdict == Verdict.RETRY) {
                            tries.failedRetryably(d);
                        } else {
                            tries.ruleOut(d);
                        }
                    } catch (RuntimeException e) {
                        watch.finish();
                        state.neutral();
                        throw e;
                    }
                }
            }
        }
        throw failures.exhausted(first, attempts);
    }

    /** A stream that had started broke: counts against its deployment like a failed call. */
    void brokeMidStream(DeploymentConfig deployment, UpstreamException e, long nanos) {
        router.state(deployment).failed(nanos, e);
        metrics.upstreamFailure(deployment.id(), "mid-stream");
    }

    private enum Verdict {
        RETRY,
        NEXT_DEPLOYMENT,
        CLIENT_ERROR
    }

    private static Verdict judge(GatewayConfig.RetrySettings retry, UpstreamException e) {
        RetryCondition.Failure failure = switch (e.kind()) {
            case CONNECT -> RetryCondition.Failure.CONNECT;
            case TIMEOUT -> RetryCondition.Failure.TIMEOUT;
            case CUT, BAD_RESPONSE -> RetryCondition.Failure.SERVER_ERROR;
            case STATUS -> null;
        };
        if (failure != null) {
            return retry.retries(failure) ? Verdict.RETRY : Verdict.NEXT_DEPLOYMENT;
        }
        return judgeStatus(retry, e.status());
    }

    private static Verdict judgeStatus(GatewayConfig.RetrySettings retry, int status) {
        if (retry.retriesStatus(status)) {
            return Verdict.RETRY;
        }
        if (status >= 500 || status == 429 || status == 401 || status == 403 || status == 404) {
            return Verdict.NEXT_DEPLOYMENT;
        }
        return Verdict.CLIENT_ERROR;
    }

    private static void record(DeploymentState state, UpstreamException e, Verdict verdict, long nanos) {
        if (verdict == Verdict.CLIENT_ERROR) {
            state.neutral();
        } else if (e.kind() == UpstreamException.Kind.STATUS && e.status() == 429) {
            state.neutral();
            state.coolDown(e.retryAfter().orElse(Duration.ofSeconds(1)));
        } else {
            state.failed(nanos, e);
        }
    }

    /** Waits before retrying a deployment; false if its Retry-After is longer than we wait. */
    private static boolean backoff(
            GatewayConfig.RetrySettings retry, int previous, @Nullable Duration retryAfter, DeploymentState state) {
        long max = retry.maxBackoff().toMillis();
        long wait;
        if (retryAfter != null) {
            if (retryAfter.toMillis() > max) {
                return false;
            }
            wait = retryAfter.toMillis();
        } else {
            long base = retry.backoff().toMillis() << Math.min(previous - 1, 20);
            wait = Math.min(max, base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FailoverException.failed(
                    FailoverException.Kind.INTERRUPTED, "the request was interrupted while waiting to retry", 0, 0);
        }
        return !state.coolingDown();
    }

    private static List<ModelConfig> chain(GatewayConfig config, ModelConfig first) {
        List<ModelConfig> chain = new ArrayList<>();
        List<String> queue = new ArrayList<>(List.of(first.name()));
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            String name = queue.removeFirst();
            if (seen.add(name)) {
                config.model(name).ifPresent(m -> {
                    chain.add(m);
                    queue.addAll(m.fallbacks());
                });
            }
        }
        return chain;
    }

    private static String reason(UpstreamException e) {
        return e.kind() == UpstreamException.Kind.STATUS
                ? Integer.toString(e.status())
                : e.kind().name().toLowerCase(java.util.Locale.ROOT);
    }
}
