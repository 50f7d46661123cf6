package dev.helix.http;

import io.helidon.websocket.WsListener;

/**
 * A WebSocket endpoint's listener, one per connection: Helidon's {@link WsListener} that also says whom it serves,
 * so the session's access-log line can name the caller as the line of an HTTP request does.
 */
public interface WsEndpoint extends WsListener {
    /** The id of the API key the upgrade admitted, or {@code -} before (or without) one. */
    String caller();
}
