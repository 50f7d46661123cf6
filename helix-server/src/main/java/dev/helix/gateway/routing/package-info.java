/** Choosing deployments: strategies, circuit breakers, cooldowns, latency averages and provider health. */
package dev.helix.gateway.routing;
