package dev.helix.gateway.provider;

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

class UpstreamHttpTest {
    private static final URI PROVIDER = URI.create("https://api.example.com/v1");

    private static ProxySelector selector(Function<URI, List<Proxy>> select) {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return select.apply(uri);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        };
    }

    @Test
    void aProviderTheProxySettingsSendDirectGoesDirect() {
        assertThat(UpstreamHttp.direct(PROVIDER, selector(u -> List.of(Proxy.NO_PROXY)))).isTrue();
        assertThat(UpstreamHttp.direct(PROVIDER, null)).isTrue();
    }

    @Test
    void aProviderBehindAProxyKeepsTheSystemProxy() {
        Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.internal", 3128));
        assertThat(UpstreamHttp.direct(PROVIDER, selector(u -> List.of(proxy)))).isFalse();
        assertThat(UpstreamHttp.direct(PROVIDER, selector(u -> {
            throw new IllegalArgumentException("no");
        }))).isFalse();
    }
}
