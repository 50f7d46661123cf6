/** Choosing deployments: strategies, circuit breakers, cooldowns, latency averages and provider health. */
@NullMarked
package dev.helix.gateway.routing;

import org.jspecify.annotations.NullMarked;
