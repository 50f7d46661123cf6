package dev.helix.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.helidon.webserver.spi.ServerConnectionSelectorProvider;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Serves HTTP/1.1 connections with the server's own HTTP/1.1 implementation (and its upgrades to WebSocket and
 * h2c), each behind a {@link WireGuard} that frames requests strictly and times out slow ones.
 */
final class WireSelector implements ServerConnectionSelector {
    private final ServerConnectionSelector http1;
    private final WireWatchdog watchdog;
    private final Duration headersTimeout;
    private final Duration bodyTimeout;
    private final int maxHead;

    private WireSelector(
            ServerConnectionSelector http1,
            WireWatchdog watchdog,
            Duration headersTimeout,
            Duration bodyTimeout,
            int maxHead) {
        this.http1 = http1;
        this.watchdog = watchdog;
        this.headersTimeout = headersTimeout;
        this.bodyTimeout = bodyTimeout;
        this.maxHead = maxHead;
    }

    /** HTTP/1.1 by {@code config}, upgradable to the {@code upgrades} protocols (WebSocket, h2c). */
    static WireSelector create(
            Http1Config config,
            List<ProtocolConfig> upgrades,
            WireWatchdog watchdog,
            Duration headersTimeout,
            Duration bodyTimeout) {
        return new WireSelector(
                http1(config, upgrades),
                watchdog,
                headersTimeout,
                bodyTimeout,
                config.maxPrologueLength() + config.maxHeadersSize());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ServerConnectionSelector http1(Http1Config config, List<ProtocolConfig> upgrades) {
        for (ServerConnectionSelectorProvider provider : ServiceLoader.load(ServerConnectionSelectorProvider.class)) {
            if (provider.protocolType().equals(config.type())) {
                return provider.create(WebServer.DEFAULT_SOCKET_NAME, config, ProtocolConfigs.create(upgrades));
            }
        }
        throw new IllegalStateException("no HTTP/1.1 connection provider on the class path");
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        return http1.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        WireWriter writer = new WireWriter(ctx.dataWriter());
        WireGuard guard =
                new WireGuard(ctx.serverSocket(), ctx.dataReader(), writer, headersTimeout, bodyTimeout, maxHead);
        ConnectionContext guarded = new WireContext(ctx, new DataReader(guard), writer);
        return new WireConnection(http1.connection(guarded), guard, watchdog);
    }
}
