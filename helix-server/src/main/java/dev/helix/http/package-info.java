/**
 * The HTTP edge: server wiring, request ids, access checks by the {@link dev.helix.http.RouteTraits} each route is registered with, metrics and
 * access log, and the one place errors become RFC 9457 problem documents. HTTP/1.1 connections are read through a
 * guard that frames requests strictly and times out slow ones (WireSelector, WireGuard, RequestFraming).
 */
@NullMarked
package dev.helix.http;

import org.jspecify.annotations.NullMarked;
