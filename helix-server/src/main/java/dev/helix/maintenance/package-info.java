/**
 * Read-only maintenance mode: an admin turns it on (API or command line) with a message, and while it is on every
 * request that writes is answered 503 with {@code Retry-After} and that message; reads, health, metrics and
 * {@code /status} keep working.
 *
 * <p>{@link dev.helix.maintenance.MaintenanceMode} is the feature's facade: the mode is one row of the
 * {@code cluster_settings} table, read at start and changed together with a {@code maintenance.changed} event, which
 * other nodes follow. {@link dev.helix.maintenance.MaintenanceApi} serves {@code /api/v1/maintenance} and refuses
 * writes at the HTTP edge, by the routes' {@link dev.helix.http.RouteTraits#writesWith writes} trait.
 */
@NullMarked
package dev.helix.maintenance;

import org.jspecify.annotations.NullMarked;
