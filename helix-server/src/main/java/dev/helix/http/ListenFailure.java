package dev.helix.http;

import dev.helix.config.HelixConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Says in one sentence why the HTTP server could not listen. Helidon only logs the cause of a failed bind, so the
 * address is tried once more here to learn it: taken by another process, not an address of this machine, or other.
 */
final class ListenFailure {
    private ListenFailure() {}

    /** The failure to listen on {@code s.host():s.port()}, found out by binding the address again. */
    static ServerStartException probe(HelixConfig.Server s) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(s.host(), s.port()));
            return of(s, "the address is in use or not available here", null);
        } catch (BindException e) {
            return explain(s, e);
        } catch (IOException | RuntimeException e) {
            return of(s, e.getMessage(), e);
        }
    }

    /** A failure to listen whose cause is already known. */
    static ServerStartException of(HelixConfig.Server s, @Nullable String why, @Nullable Throwable cause) {
        return new ServerStartException(
                "cannot listen on " + s.host() + ":" + s.port() + ": " + why
                        + " (choose another with --port, HELIX_PORT or server.port)",
                cause);
    }

    private static ServerStartException explain(HelixConfig.Server s, BindException e) {
        String why = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (why.contains("in use")) {
            return new ServerStartException(
                    "port " + s.port() + " on " + s.host() + " is already in use; stop the "
                            + "other process or choose another port with --port, HELIX_PORT or server.port",
                    e);
        }
        if (why.contains("assign")) {
            return new ServerStartException(
                    "cannot listen on " + s.host() + ":" + s.port() + ": " + s.host()
                            + " is not an address of this machine (choose another with --host, HELIX_HOST or server.host)",
                    e);
        }
        return of(s, e.getMessage(), e);
    }
}
