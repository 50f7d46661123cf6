package dev.helix.gateway;

import dev.helix.gateway.config.GatewayConfig;
import dev.helix.gateway.provider.Provider;
import java.util.Map;

/**
 * One accepted gateway configuration and the providers built for it; swapped as a whole on reload so a request
 * sees one consistent set.
 *
 * @param config    the configuration
 * @param providers a client per provider id
 */
record GatewaySetup(GatewayConfig config, Map<String, Provider> providers) {
    static final GatewaySetup EMPTY = new GatewaySetup(GatewayConfig.EMPTY, Map.of());

    GatewaySetup {
        providers = Map.copyOf(providers);
    }
}
