package dev.helix.gateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ConnectorTest {
    private static final URI PROVIDER = URI.create("https://api.example.com/v1");

    static ProxySelector selector(Function<URI, List<Proxy>> select) {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return select.apply(uri);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        };
    }

    @Test
    void withoutProxySettingsAProviderIsReachedDirectly() {
        assertThat(Connector.proxyFor(PROVIDER, selector(u -> List.of(Proxy.NO_PROXY))))
                .isEqualTo(Proxy.NO_PROXY);
        assertThat(Connector.proxyFor(PROVIDER, selector(u -> List.of()))).isEqualTo(Proxy.NO_PROXY);
        assertThat(Connector.proxyFor(PROVIDER, null)).isEqualTo(Proxy.NO_PROXY);
        assertThat(Connector.proxyFor(PROVIDER, selector(u -> {
                    throw new IllegalArgumentException("no");
                })))
                .isEqualTo(Proxy.NO_PROXY);
    }

    @Test
    void aProviderBehindAProxyUsesTheProxyTheSettingsName() {
        Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.internal", 3128));
        assertThat(Connector.proxyFor(PROVIDER, selector(u -> List.of(proxy, Proxy.NO_PROXY))))
                .isEqualTo(proxy);
    }
}
