package dev.helix.http;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.spi.ServerConnection;
import java.time.Duration;

/**
 * The server's HTTP/1.1 connection, run with its {@link WireGuard} bound to the connection thread and watched by the
 * {@link WireWatchdog} for as long as it is open.
 */
final class WireConnection implements ServerConnection, InterruptableTask<Void> {
    private final ServerConnection delegate;
    private final WireGuard guard;
    private final WireWatchdog watchdog;

    WireConnection(ServerConnection delegate, WireGuard guard, WireWatchdog watchdog) {
        this.delegate = delegate;
        this.guard = guard;
        this.watchdog = watchdog;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        watchdog.watch(guard);
        WireGuard.bind(guard);
        try {
            delegate.handle(limit);
        } finally {
            WireGuard.bind(null);
            watchdog.forget(guard);
        }
    }

    @Override
    public Duration idleTime() {
        return delegate.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        delegate.close(interrupt);
    }

    @Override
    public boolean canInterrupt() {
        return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
    }
}
