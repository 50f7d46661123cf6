/**
 * LLM usage accounting for the gateway: each request's tokens, cost and outcome recorded in batches
 * ({@link dev.helix.gateway.usage.Accounting}), API-key budgets per UTC day or month and per-minute request and token
 * limits ({@link dev.helix.auth.KeyLimits}, refused with
 * {@link dev.helix.gateway.usage.LimitExceededException}), and usage reports at {@code GET /api/v1/usage}
 * ({@link dev.helix.gateway.usage.UsageApi}).
 */
@NullMarked
package dev.helix.gateway.usage;

import org.jspecify.annotations.NullMarked;
