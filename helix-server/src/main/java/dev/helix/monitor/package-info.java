/** Monitoring: Prometheus metrics, component health, and the health, status and metrics endpoints. */
package dev.helix.monitor;
