/**
 * The HTTP edge: server wiring, request ids, access checks ({@link dev.helix.http.AccessPolicy}), metrics and
 * access log, and the one place errors become RFC 9457 problem documents.
 */
package dev.helix.http;
