/**
 * Real-time push: bus events become numbered messages on topics ({@code state}, {@code agents}, …) delivered to
 * WebSocket ({@code /api/v1/realtime}) and Server-Sent Events ({@code /api/v1/events}) clients, with a bounded
 * history per topic so a reconnecting client gets exactly what it missed, or a reset and a fresh snapshot.
 */
package dev.helix.realtime;
