package dev.helix.realtime;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.NotFoundException;
import io.helidon.http.RequestException;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRoute;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.webserver.websocket.WsUpgrader;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsUpgradeException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Accepts a WebSocket upgrade (RFC 6455 §4.2) for a route of the server's {@link WsRouting} and serves it with a
 * {@link WebSocketConnection}. Returns null, so the request goes on as plain HTTP, when there is no key, no route
 * or the route's listener refuses the upgrade.
 */
final class WebSocketUpgrader extends WsUpgrader {
    private final int maxFrameLength;

    WebSocketUpgrader(WsConfig config) {
        super(config);
        this.maxFrameLength = config.maxFrameLength();
    }

    @Override
    public @Nullable ServerConnection upgrade(
            ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        Optional<String> key = headers.first(WS_KEY);
        if (key.isEmpty()) {
            return null;
        }
        checkVersion(headers);
        WsRoute route = route(ctx, prologue);
        if (route == null) {
            return null;
        }
        checkOrigin(headers);
        WsListener listener = route.listener();
        Optional<Headers> extraHeaders;
        try {
            extraHeaders = listener.onHttpUpgrade(prologue, headers);
        } catch (WsUpgradeException e) {
            return null;
        }
        switchProtocols(ctx, key.get(), extraHeaders);
        return new WebSocketConnection(ctx, listener, maxFrameLength);
    }

    private static void checkVersion(WritableHeaders<?> headers) {
        String version = headers.first(WS_VERSION).orElse(SUPPORTED_VERSION);
        if (!SUPPORTED_VERSION.equals(version)) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.BAD_REQUEST)
                    .message("Sec-WebSocket-Version " + version + " is not supported; use " + SUPPORTED_VERSION)
                    .header(SUPPORTED_VERSION_HEADER)
                    .build();
        }
    }

    private static @Nullable WsRoute route(ConnectionContext ctx, HttpPrologue prologue) {
        try {
            return ctx.router().routing(WsRouting.class, WsRouting.empty()).findRoute(prologue);
        } catch (NotFoundException e) {
            return null;
        }
    }

    private void checkOrigin(WritableHeaders<?> headers) {
        Optional<String> origin = headers.first(HeaderNames.ORIGIN);
        if (!anyOrigin() && origin.isPresent() && !origins().contains(origin.get())) {
            throw RequestException.builder()
                    .type(DirectHandler.EventType.FORBIDDEN)
                    .message("Origin " + origin.get() + " may not open a WebSocket here")
                    .build();
        }
    }

    private void switchProtocols(ConnectionContext ctx, String key, Optional<Headers> extraHeaders) {
        String accept = hash(ctx, key);
        BufferData response = BufferData.growing(256);
        response.write((SWITCHING_PROTOCOL_PREFIX + accept + "\r\n").getBytes(StandardCharsets.US_ASCII));
        extraHeaders.ifPresent(h -> h.forEach(header -> header.writeHttp1Header(response)));
        response.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        ctx.dataWriter().write(response);
        ctx.dataWriter().flush();
    }
}
