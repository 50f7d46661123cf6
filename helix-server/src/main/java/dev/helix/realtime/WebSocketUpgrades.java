package dev.helix.realtime;

import io.helidon.common.Weight;
import io.helidon.common.Weighted;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.spi.Http1UpgradeProvider;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.websocket.WsConfig;

/**
 * Serves the server's WebSocket endpoints with Helix's own connection ({@link WebSocketConnection}), which holds
 * clients to the protocol and ends dropped connections quietly. Helidon finds it through {@code META-INF/services}
 * and, weighing more, uses it instead of its own WebSocket upgrade.
 */
@Weight(Weighted.DEFAULT_WEIGHT + 100)
public final class WebSocketUpgrades implements Http1UpgradeProvider<WsConfig> {
    /** Called by {@link java.util.ServiceLoader}. */
    public WebSocketUpgrades() {}

    @Override
    public String protocolType() {
        return "websocket";
    }

    @Override
    public Class<WsConfig> protocolConfigType() {
        return WsConfig.class;
    }

    @Override
    public Http1Upgrader create(WsConfig config, ProtocolConfigs configs) {
        return new WebSocketUpgrader(config);
    }
}
