package dev.helix.monitor;

/** One component's health: returns normally when healthy, throws with a reason when not. */
@FunctionalInterface
public interface HealthCheck {
    void check() throws Exception;
}
