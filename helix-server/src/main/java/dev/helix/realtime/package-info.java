/**
 * Real-time push: bus events become numbered messages on topics ({@code state}, {@code agents}, …) delivered to
 * WebSocket ({@code /api/v1/realtime}) and Server-Sent Events ({@code /api/v1/events}) clients, with a bounded
 * history per topic so a reconnecting client gets exactly what it missed, or a reset and a fresh snapshot. It also
 * serves the WebSocket protocol itself ({@link dev.helix.realtime.WebSocketUpgrades}), holding clients to RFC 6455.
 */
@NullMarked
package dev.helix.realtime;

import org.jspecify.annotations.NullMarked;
