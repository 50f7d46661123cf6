package dev.helix.http;

import dev.helix.config.HelixConfig;
import dev.helix.internal.Errors;
import io.helidon.http.DirectHandler;
import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http2.Http2Config;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * The HTTP server: Helidon SE on virtual threads, with Helix's request filter, access checks, 404/405 fallback
 * and problem+json error mapping wired around the routes features register.
 */
public final class HttpServer {
    /**
     * How far past {@code server.maxBodySize} a body is still read (and discarded) before the 413, so the client gets
     * the answer; a larger one is refused from its headers and the connection closed unread.
     */
    static final long DRAIN_ALLOWANCE = 1024 * 1024;

    private final WebServer server;
    private final WireWatchdog watchdog;

    private HttpServer(WebServer server, WireWatchdog watchdog) {
        this.server = server;
        this.watchdog = watchdog;
    }

    /**
     * Builds and starts the server on the configured host and port; {@code timer} (owned by the caller, stopped
     * after this server) times out requests whose client is too slow to send them.
     */
    public static HttpServer start(
            HelixConfig config,
            List<HttpFeature> features,
            Authenticator keys,
            BooleanSupplier storageReady,
            MeterRegistry registry,
            ScheduledExecutorService timer) {
        Routes routes = new Routes();
        features.forEach(f -> f.register(routes));
        HelixConfig.Server s = config.server();
        WireWatchdog watchdog = new WireWatchdog(s.requestHeadersTimeout(), s.requestBodyTimeout(), timer);
        WebServer server;
        try {
            server = build(config, routes, new Guard(keys, storageReady), registry, watchdog)
                    .start();
        } catch (RuntimeException e) {
            watchdog.close();
            throw ListenFailure.of(s, Errors.rootMessage(e), e);
        }
        if (!server.isRunning() || server.port() <= 0) {
            server.stop();
            watchdog.close();
            throw ListenFailure.probe(s);
        }
        return new HttpServer(server, watchdog);
    }

    private static WebServer build(
            HelixConfig config, Routes routes, Guard guard, MeterRegistry registry, WireWatchdog watchdog) {
        HelixConfig.Server s = config.server();
        Duration idle = config.server().idleTimeout();
        List<ProtocolConfig> protocols = protocols(config);
        AccessLog accessLog = new AccessLog(config.logging().accessLog());
        WebServerConfig.Builder builder = WebServer.builder()
                .host(s.host())
                .port(s.port())
                .shutdownHook(false)
                .shutdownGracePeriod(s.shutdownGrace())
                .maxPayloadSize(s.maxBodySize() + DRAIN_ALLOWANCE)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .idleConnectionTimeout(idle)
                .idleConnectionPeriod(Duration.ofSeconds(Math.clamp(idle.toSeconds() / 2, 1, 30)))
                .directHandlers(directHandlers(s.maxBodySize()))
                .routing(r -> route(r, routes, guard, config, registry, accessLog))
                // HTTP/1.1 is served behind Helix's framing checks and request timeouts (WireSelector); HTTP/2 (h2c,
                // found on the class path) only when server.http2 is on
                .protocolsDiscoverServices(false)
                .protocols(protocols)
                .addConnectionSelector(WireSelector.create(
                        Http1Config.create(), protocols, watchdog, s.requestHeadersTimeout(), s.requestBodyTimeout()))
                .addRouting(websockets(routes, accessLog));
        return builder.build();
    }

    /** WebSocket, and HTTP/2 when on: what HTTP/1.1 connections may upgrade to. */
    private static List<ProtocolConfig> protocols(HelixConfig config) {
        WsConfig ws = WsConfig.builder()
                .name("websocket")
                .maxFrameLength(
                        (int) Math.min(Integer.MAX_VALUE, config.realtime().maxMessageSize()))
                .build();
        return config.server().http2() ? List.of(ws, Http2Config.create()) : List.of(ws);
    }

    /** The WebSocket endpoints, each session written to the access log when it ends (if that log is on). */
    private static WsRouting.Builder websockets(Routes routes, AccessLog accessLog) {
        WsRouting.Builder ws = WsRouting.builder();
        routes.websockets()
                .forEach((path, endpoint) -> ws.endpoint(
                        path,
                        accessLog.enabled() ? () -> new LoggedWebSocket(endpoint.get(), accessLog) : endpoint::get));
        return ws;
    }

    private static void route(
            HttpRouting.Builder r,
            Routes routes,
            Guard guard,
            HelixConfig config,
            MeterRegistry registry,
            AccessLog accessLog) {
        r.addFilter(new RequestFilter(
                new HttpMetrics(registry), accessLog, config.server().maxBodySize(), routes.observers()));
        Compression compression = new Compression(config.server(), registry);
        for (Routes.Route route : routes.all()) {
            GuardedHandler handler = new GuardedHandler(route, guard, routes.interceptors(), compression);
            r.route(Method.create(route.method()), route.template(), handler);
            if (route.method().equals("GET")) {
                r.route(Method.HEAD, route.template(), (req, res) -> {
                    res.streamFilter(out -> java.io.OutputStream.nullOutputStream());
                    handler.handle(req, res);
                });
            }
        }
        r.any(new FallbackHandler(routes.all()));
        r.error(Throwable.class, new ErrorMapper(routes.errorMappings()));
    }

    private static DirectHandlers directHandlers(long maxBodySize) {
        DirectProblemHandler handler = new DirectProblemHandler(maxBodySize);
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            b.addHandler(type, handler);
        }
        return b.build();
    }

    /** The port the server listens on (the real one when configured with 0). */
    public int port() {
        return server.port();
    }

    /** Stops accepting connections and waits up to the grace period for in-flight requests. */
    public void stop() {
        server.stop();
        watchdog.close();
    }

    static long maxBodySize(ServerRequest req) {
        return req.context().get(RequestFilter.MAX_BODY, Long.class).orElse(Long.MAX_VALUE);
    }
}
