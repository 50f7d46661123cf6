package dev.helix.health;

/**
 * One component's health: returns normally when healthy, throws {@link Degraded} when it works but needs
 * attention (Helix stays ready), and throws anything else with a reason when it is down.
 */
@FunctionalInterface
public interface HealthCheck {
    void check() throws Exception;

    /** Thrown by a check whose component still serves but needs attention, e.g. a rejected reload. */
    final class Degraded extends Exception {
        public Degraded(String reason) {
            super(reason, null, false, false);
        }
    }
}
