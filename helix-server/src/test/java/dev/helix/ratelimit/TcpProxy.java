package dev.helix.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a real service, for fault tests: it forwards, or stops dead ({@link #cut()}:
 * every connection closed, nothing listening), or hangs ({@link #hang()}: connections stay open but nothing is
 * forwarded, like a frozen server), and comes back on the same port with {@link #forward()}.
 */
final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean hanging;

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    int port() {
        return port;
    }

    /** Closes every connection and stops listening, as if the service had died. */
    synchronized void cut() throws IOException {
        server.close();
        closeAll();
    }

    /** Keeps connections open but forwards nothing either way, as if the service were frozen. */
    void hang() {
        hanging = true;
    }

    /** Forwards again, listening on the same port if it was cut. */
    synchronized void forward() throws IOException {
        hanging = false;
        if (server.isClosed()) {
            server = listen(port);
            accept(server);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        server.close();
        closeAll();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void accept(ServerSocket listening) {
        Thread.ofVirtual().name("tcp-proxy-accept").start(() -> {
            while (!listening.isClosed()) {
                Socket client;
                try {
                    client = listening.accept();
                } catch (IOException closed) {
                    return;
                }
                try {
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException refused) {
                    closeQuietly(client);
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().name("tcp-proxy-pump").start(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (!hanging) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // One side went away; closing both below ends the other pump too.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private void closeAll() {
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
