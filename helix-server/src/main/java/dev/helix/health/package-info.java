/**
 * Component health: the {@link dev.helix.health.HealthCheck} a component offers (storage, cache, gateway, ...) and
 * the {@link dev.helix.health.HealthChecks} registry whose snapshot decides readiness. Depends on nothing else in
 * Helix, so any layer may offer a check; the monitor reads the snapshot for {@code /health/ready} and
 * {@code /status}.
 */
@NullMarked
package dev.helix.health;

import org.jspecify.annotations.NullMarked;
