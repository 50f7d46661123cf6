package dev.helix.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The components whose health makes Helix ready. A result that is up or degraded is kept for {@link #MAX_AGE} so probes and
 * {@code /status} under load never queue on the database (one caller refreshes while the others read); an
 * result that is down is checked again on the next call, so recovery shows at once.
 */
public final class HealthChecks {
    /** How long a result is reused. */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    /**
     * One component's result.
     *
     * @param status {@code UP}, {@code DEGRADED} (serving, but needs attention) or {@code DOWN}
     * @param detail why it is degraded or down, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String status, @Nullable String detail) {
        /** Whether the component serves (up or degraded). */
        public boolean up() {
            return !"DOWN".equals(status);
        }

        public boolean healthy() {
            return "UP".equals(status);
        }
    }

    /**
     * All results at one moment.
     *
     * @param components each component's result, in registration order
     * @param takenAt    epoch millis when taken
     */
    public record Snapshot(Map<String, Result> components, long takenAt) {
        public boolean up() {
            return components.values().stream().allMatch(Result::up);
        }

        /** {@code UP}, {@code DEGRADED} when every component serves but one needs attention, else {@code DOWN}. */
        public String status() {
            if (!up()) {
                return "DOWN";
            }
            return components.values().stream().allMatch(Result::healthy) ? "UP" : "DEGRADED";
        }
    }

    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private final Clock clock;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile @Nullable Snapshot last;

    public HealthChecks(Clock clock) {
        this.clock = clock;
    }

    /** Adds a component; later issues add theirs the same way. */
    public HealthChecks add(String name, HealthCheck check) {
        refreshing.lock();
        try {
            checks.put(name, check);
            last = null;
            return this;
        } finally {
            refreshing.unlock();
        }
    }

    /** The current health, at most {@link #MAX_AGE} old. */
    public Snapshot current() {
        Snapshot s = last;
        return s != null && fresh(s) ? s : refresh();
    }

    private Snapshot refresh() {
        refreshing.lock();
        try {
            Snapshot s = last;
            if (s != null && fresh(s)) {
                return s;
            }
            long now = clock.millis();
            Map<String, Result> results = new LinkedHashMap<>();
            checks.forEach((name, check) -> results.put(name, run(check)));
            Snapshot fresh = new Snapshot(Collections.unmodifiableMap(results), now);
            last = fresh;
            return fresh;
        } finally {
            refreshing.unlock();
        }
    }

    private boolean fresh(@Nullable Snapshot s) {
        return s != null && s.up() && clock.millis() - s.takenAt() < MAX_AGE.toMillis();
    }

    private static Result run(HealthCheck check) {
        try {
            check.check();
            return new Result("UP", null);
        } catch (HealthCheck.Degraded d) {
            return new Result("DEGRADED", d.getMessage());
        } catch (Throwable t) {
            return new Result("DOWN", t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
    }
}
