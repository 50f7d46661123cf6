/**
 * Monitoring: Prometheus metrics, the health, status and metrics endpoints (reading the checks registered in
 * {@link dev.helix.health}), and the performance monitor ({@link dev.helix.monitor.PerformanceMonitor}: per-route
 * latency windows, figures read from the meters, slow queries) with its tuning advice
 * ({@link dev.helix.monitor.advice}) under {@code /api/v1/optimization}.
 */
@NullMarked
package dev.helix.monitor;

import org.jspecify.annotations.NullMarked;
