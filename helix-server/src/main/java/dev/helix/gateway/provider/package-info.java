/**
 * The provider SPI ({@link dev.helix.gateway.provider.Provider}) and what every provider shares: pooled HTTP with
 * errors classified for failover, SSE reading, timeouts enforced by one watchdog, and OpenAI-shaped usage.
 */
@NullMarked
package dev.helix.gateway.provider;

import org.jspecify.annotations.NullMarked;
