package dev.helix.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch on one folder that runs a callback once a burst of changes to the files it cares about has settled.
 *
 * <pre>{@code
 * DirectoryWatcher w = DirectoryWatcher.watch("agents", dir, p -> p.toString().endsWith(".yaml"),
 *         Duration.ofMillis(150), registry::reload);
 * ...
 * w.close();
 * }</pre>
 *
 * <p>Implementation notes: one virtual thread blocks on a {@link WatchService} (inotify on Linux). The first
 * relevant event opens a burst; the callback runs when no relevant event has arrived for {@code debounce}, or
 * {@value #MAX_DELAY_FACTOR} × {@code debounce} after the burst began if it never goes quiet. Overflow counts as
 * relevant. The callback runs on the watcher thread, so calls never overlap; what it throws is logged and the watch
 * goes on. When the folder is deleted the callback runs (its files are gone), the watcher checks every
 * {@link #MISSING_RECHECK} for the folder to come back, then watches it again and runs the callback once more. A
 * folder missing at the start is waited for the same way.
 */
public final class DirectoryWatcher implements AutoCloseable {
    /** How often a missing folder is looked for. */
    static final Duration MISSING_RECHECK = Duration.ofMillis(250);

    private static final int MAX_DELAY_FACTOR = 10;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final String name;
    private final Path dir;
    private final Predicate<Path> relevant;
    private final long debounceNanos;
    private final Runnable onChange;
    private final WatchService service;
    private @Nullable Thread thread;
    private volatile boolean closed;

    private DirectoryWatcher(
            String name,
            Path dir,
            Predicate<Path> relevant,
            Duration debounce,
            Runnable onChange,
            WatchService service) {
        this.name = name;
        this.dir = dir;
        this.relevant = relevant;
        this.debounceNanos = debounce.toNanos();
        this.onChange = onChange;
        this.service = service;
    }

    /**
     * Starts watching {@code dir}: {@code onChange} runs on the watcher's thread after changes to files for which
     * {@code relevant} (given the changed file's full path) is true have settled for {@code debounce}. Changes made
     * after this returns are seen. Throws {@link UncheckedIOException} if the platform cannot watch folders.
     *
     * @param name names the thread and log lines, e.g. {@code agents}
     */
    public static DirectoryWatcher watch(
            String name, Path dir, Predicate<Path> relevant, Duration debounce, Runnable onChange) {
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce must not be negative, not " + debounce);
        }
        WatchService service;
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + dir + " for " + name + ": " + e.getMessage(), e);
        }
        DirectoryWatcher w =
                new DirectoryWatcher(name, dir.toAbsolutePath().normalize(), relevant, debounce, onChange, service);
        boolean registered = w.register();
        w.thread = Thread.ofVirtual().name("watch-" + name).start(() -> w.run(registered));
        return w;
    }

    /** The folder watched. */
    public Path dir() {
        return dir;
    }

    /** Stops watching; waits briefly for a callback in progress. Calling it again does nothing. */
    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the {} watch service failed: {}", name, e.getMessage());
        }
        Thread watching = Objects.requireNonNull(thread, "the watch thread");
        watching.interrupt();
        if (Thread.currentThread() != watching) {
            try {
                watching.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(boolean registered) {
        try {
            if (!registered) {
                awaitFolder();
            }
            while (!closed) {
                if (!watchUntilFolderLost()) {
                    return;
                }
                awaitFolder();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            LOG.debug("watch on {} for {} stopped", dir, name);
        }
    }

    /** Waits for bursts and fires after each; returns true when the folder went away, false when closed. */
    private boolean watchUntilFolderLost() throws InterruptedException {
        while (!closed) {
            Burst burst = drain(service.take());
            if (burst.relevant()) {
                burst = awaitQuiet(burst);
                fire();
            }
            if (burst.lost()) {
                return true;
            }
        }
        return false;
    }

    private Burst awaitQuiet(Burst first) throws InterruptedException {
        boolean lost = first.lost();
        long start = System.nanoTime();
        long last = start;
        while (!lost) {
            long now = System.nanoTime();
            long wait = Math.min(debounceNanos - (now - last), MAX_DELAY_FACTOR * debounceNanos - (now - start));
            if (wait <= 0) {
                break;
            }
            WatchKey key = service.poll(wait, TimeUnit.NANOSECONDS);
            if (key != null) {
                Burst b = drain(key);
                lost = b.lost();
                last = b.relevant() ? System.nanoTime() : last;
            }
        }
        return new Burst(true, lost);
    }

    /** Takes the key's events and re-arms it. */
    private Burst drain(WatchKey key) {
        boolean any = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            any |= event.kind() == StandardWatchEventKinds.OVERFLOW
                    || (event.context() instanceof Path p && relevant.test(dir.resolve(p)));
        }
        boolean lost = !key.reset();
        if (lost) {
            LOG.info("watched folder {} ({}) is gone; watching for it to come back", dir, name);
        }
        return new Burst(any || lost, lost);
    }

    private void awaitFolder() throws InterruptedException {
        while (!closed && !register()) {
            Thread.sleep(MISSING_RECHECK);
        }
        if (!closed) {
            LOG.info("watching folder {} ({})", dir, name);
            fire();
        }
    }

    private boolean register() {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try {
            dir.register(
                    service,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            return true;
        } catch (ClosedWatchServiceException e) {
            throw e;
        } catch (IOException e) {
            LOG.debug("cannot watch {} ({}) yet: {}", dir, name, e.getMessage());
            return false;
        }
    }

    private void fire() {
        if (closed) {
            return;
        }
        try {
            onChange.run();
        } catch (Throwable t) {
            LOG.error("change handler for {} ({}) failed; still watching", dir, name, t);
        }
    }

    private record Burst(boolean relevant, boolean lost) {}
}
