package dev.helix;

import dev.helix.auth.ApiKeys;
import dev.helix.config.HelixConfig;
import dev.helix.events.EventLog;
import dev.helix.maintenance.MaintenanceMode;
import dev.helix.memory.Memories;
import dev.helix.state.SharedState;
import dev.helix.state.StateFileMirror;
import dev.helix.storage.Database;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Prepares storage in the background while HTTP starts: migrates the database, starts the event log reader at its
 * newest event (and writes the events emitted before), makes sure an admin key exists, loads the shared state and the
 * maintenance mode, builds the memory index, and starts mirroring the state to its file. {@link #ready()} is false until all of that is done;
 * {@link #awaited()} is the component that waits for it at the end of the start.
 */
final class StorageStart implements Component {
    private final HelixConfig config;
    private final Part<Database> database;
    private final Part<EventLog> events;
    private final Part<ApiKeys> apiKeys;
    private final Part<SharedState> state;
    private final Part<MaintenanceMode> maintenance;
    private final Part<Memories> memories;
    private volatile CompletableFuture<Optional<String>> preparing =
            CompletableFuture.completedFuture(Optional.empty());
    private volatile @Nullable StateFileMirror stateFile;
    private volatile boolean ready;
    private volatile Optional<String> generatedAdminKey = Optional.empty();

    StorageStart(
            HelixConfig config,
            Part<Database> database,
            Part<EventLog> events,
            Part<ApiKeys> apiKeys,
            Part<SharedState> state,
            Part<MaintenanceMode> maintenance,
            Part<Memories> memories) {
        this.config = config;
        this.database = database;
        this.events = events;
        this.apiKeys = apiKeys;
        this.state = state;
        this.maintenance = maintenance;
        this.memories = memories;
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public void start() {
        preparing = CompletableFuture.supplyAsync(
                this::prepare,
                task -> Thread.ofVirtual().name("helix-storage-start").start(task));
    }

    private Optional<String> prepare() {
        database.get().migrate();
        events.get().start();
        Optional<String> generated = apiKeys.get().bootstrap(config.auth().optionalAdminKey());
        SharedState shared = state.get();
        shared.load();
        maintenance.get().load();
        memories.get().load();
        config.state()
                .file()
                .ifPresent(f -> stateFile =
                        StateFileMirror.start(shared, f, config.state().maxSize()));
        ready = true;
        return generated;
    }

    /** The component that waits until storage is prepared, rethrowing what failed. */
    Component awaited() {
        return Component.of("storage ready", () -> generatedAdminKey = join(preparing), () -> {});
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Whether the database is migrated, the keys, the state and the maintenance mode loaded, the memory indexed. */
    boolean ready() {
        return ready;
    }

    /** The state file mirror, once started (null before, and when no state file is configured). */
    @Nullable
    StateFileMirror stateFile() {
        return stateFile;
    }

    /** The admin key generated on this first start, to be shown once; empty otherwise. */
    Optional<String> generatedAdminKey() {
        return generatedAdminKey;
    }

    /** Waits for the preparation to end (however it ends), then stops the state file mirror. */
    @Override
    public void stop() {
        preparing.exceptionally(t -> Optional.empty()).join();
        if (stateFile != null) {
            stateFile.close();
        }
    }
}
