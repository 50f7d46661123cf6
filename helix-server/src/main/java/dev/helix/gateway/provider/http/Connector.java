package dev.helix.gateway.provider.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Opens connections to one origin: TCP with TCP_NODELAY and a connect timeout, through the proxy the JVM's
 * {@link ProxySelector} names for it (HTTP proxies by {@code CONNECT} for https; SOCKS), then TLS with the host name
 * checked against the certificate for https.
 */
final class Connector {
    private final URI origin;
    private final String host;
    private final int port;
    private final boolean tls;
    private final int connectMillis;
    private final int readMillis;
    private final @Nullable SSLContext sslContext;
    private final @Nullable ProxySelector proxies;

    /**
     * @param sslContext for https, null for the JVM's default (its trust store)
     * @param proxies    which proxy to use, null for the JVM's {@link ProxySelector#getDefault()} at each connect
     */
    Connector(
            URI origin,
            Duration connectTimeout,
            Duration readTimeout,
            @Nullable SSLContext sslContext,
            @Nullable ProxySelector proxies) {
        this.origin = origin;
        this.tls = "https".equalsIgnoreCase(origin.getScheme());
        this.host = unbracketed(origin.getHost());
        this.port = origin.getPort() >= 0 ? origin.getPort() : tls ? 443 : 80;
        this.connectMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        this.readMillis = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
        this.proxies = proxies;
        try {
            this.sslContext = !tls ? null : sslContext != null ? sslContext : SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no TLS: " + e.getMessage(), e);
        }
    }

    /** The proxy {@code selector} names for {@code uri}: the first it offers, {@link Proxy#NO_PROXY} if none. */
    static Proxy proxyFor(URI uri, @Nullable ProxySelector selector) {
        if (selector == null) {
            return Proxy.NO_PROXY;
        }
        try {
            List<Proxy> proxies = selector.select(uri);
            return proxies == null || proxies.isEmpty() ? Proxy.NO_PROXY : proxies.getFirst();
        } catch (RuntimeException e) {
            return Proxy.NO_PROXY;
        }
    }

    private Proxy proxy() {
        return proxyFor(origin, proxies != null ? proxies : ProxySelector.getDefault());
    }

    HttpConnection open() throws IOException {
        Proxy proxy = proxy();
        SocketChannel channel = proxy.type() == Proxy.Type.SOCKS ? null : SocketChannel.open();
        Socket socket = channel == null ? new Socket(proxy) : channel.socket();
        try {
            socket.setTcpNoDelay(true);
            InetSocketAddress target = proxy.type() == Proxy.Type.HTTP
                    ? resolved((InetSocketAddress) proxy.address())
                    : proxy.type() == Proxy.Type.SOCKS
                            ? InetSocketAddress.createUnresolved(host, port)
                            : new InetSocketAddress(host, port);
            socket.connect(target, connectMillis);
            socket.setSoTimeout(readMillis);
            if (tls) {
                if (proxy.type() == Proxy.Type.HTTP) {
                    tunnel(socket);
                }
                socket = handshake(socket);
            }
            return new HttpConnection(socket, channel, !tls && proxy.type() == Proxy.Type.HTTP);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Asks an HTTP proxy for a tunnel to the origin ({@code CONNECT}, RFC 9110 §9.3.6). */
    private void tunnel(Socket socket) throws IOException {
        String authority = authorityWithPort();
        OutputStream out = socket.getOutputStream();
        out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        HttpConnection proxyConnection = new HttpConnection(socket, null, false);
        String status = proxyConnection.readLine(8192);
        while (!proxyConnection.readLine(8192).isEmpty()) {
            // the proxy's header fields say nothing we need
        }
        if (!status.matches("HTTP/1\\.[01] 2\\d\\d.*")) {
            throw new ConnectException("the proxy refused a tunnel to " + authority + ": " + status);
        }
        if (proxyConnection.hasUnreadBytes()) {
            throw new ConnectException("the proxy sent bytes after accepting the tunnel to " + authority);
        }
    }

    private SSLSocket handshake(Socket socket) throws IOException {
        SSLSocket ssl = (SSLSocket)
                Objects.requireNonNull(sslContext, "TLS").getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(readMillis);
        ssl.startHandshake();
        return ssl;
    }

    /** The origin as the {@code Host} field carries it: {@code host}, with {@code :port} unless the default. */
    String authority() {
        return port == (tls ? 443 : 80) ? bracketedHost() : authorityWithPort();
    }

    /** {@code host:port}, as a {@code CONNECT} names it. */
    private String authorityWithPort() {
        return bracketedHost() + ":" + port;
    }

    /** The host, an IPv6 literal in brackets. */
    private String bracketedHost() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** The JVM's proxy settings name the proxy by host name, unresolved; a connect needs its address. */
    private static InetSocketAddress resolved(InetSocketAddress address) {
        return address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
    }

    private static String unbracketed(String host) {
        if (host == null) {
            throw new IllegalArgumentException("the URL has no host");
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
