package dev.helix.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DirectoryWatcherTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(100);

    private Path root;
    private Path dir;
    private final Semaphore changes = new Semaphore(0);

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("helix-watch");
        dir = Files.createDirectory(root.resolve("watched"));
    }

    @AfterEach
    void tearDown() throws IOException {
        Folders.deleteTree(root);
    }

    @Test
    void aBurstOfRelevantChangesRunsTheCallbackOnce() throws Exception {
        try (DirectoryWatcher w = watch(changes::release)) {
            assertThat(w.dir()).isEqualTo(dir.toAbsolutePath());
            for (int i = 0; i < 20; i++) {
                Files.writeString(dir.resolve("a" + i + ".yaml"), "x: " + i);
            }
            awaitChange();
            Thread.sleep(DEBOUNCE.toMillis() * 4);
            assertThat(changes.availablePermits()).isZero();

            Files.writeString(dir.resolve("a1.yaml"), "edited");
            awaitChange();
            Files.delete(dir.resolve("a2.yaml"));
            awaitChange();
        }
    }

    @Test
    void irrelevantFilesAreIgnored() throws Exception {
        DirectoryWatcher watcher = watch(changes::release);
        try {
            Files.writeString(dir.resolve("notes.txt"), "ignored");
            Files.writeString(dir.resolve(".swap.yaml"), "ignored");
            Thread.sleep(DEBOUNCE.toMillis() * 4);
            assertThat(changes.availablePermits()).isZero();
            Files.writeString(dir.resolve("b.yaml"), "seen");
            awaitChange();
        } finally {
            watcher.close();
        }
    }

    @Test
    void aFailingCallbackDoesNotStopTheWatch() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DirectoryWatcher watcher = watch(() -> {
            int n = calls.incrementAndGet();
            changes.release();
            if (n == 1) {
                throw new IllegalStateException("boom");
            }
        });
        try {
            Files.writeString(dir.resolve("a.yaml"), "1");
            awaitChange();
            Files.writeString(dir.resolve("a.yaml"), "2");
            awaitChange();
            assertThat(calls).hasValue(2);
        } finally {
            watcher.close();
        }
    }

    @Test
    void survivesTheFolderBeingDeletedAndRecreated() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "1");
        DirectoryWatcher watcher = watch(changes::release);
        try {
            Folders.deleteTree(dir);
            awaitChange();
            Files.createDirectory(dir);
            awaitChange();
            changes.drainPermits();
            Files.writeString(dir.resolve("b.yaml"), "after");
            awaitChange();
        } finally {
            watcher.close();
        }
    }

    @Test
    void waitsForAFolderThatDoesNotExistYet() throws Exception {
        Folders.deleteTree(dir);
        DirectoryWatcher watcher = watch(changes::release);
        try {
            Files.createDirectory(dir);
            awaitChange();
            changes.drainPermits();
            Files.writeString(dir.resolve("c.yaml"), "now");
            awaitChange();
        } finally {
            watcher.close();
        }
    }

    @Test
    void closeStopsTheCallbacks() throws Exception {
        DirectoryWatcher w = watch(changes::release);
        w.close();
        w.close();
        Files.writeString(dir.resolve("a.yaml"), "1");
        Thread.sleep(DEBOUNCE.toMillis() * 4);
        assertThat(changes.availablePermits()).isZero();
    }

    private DirectoryWatcher watch(Runnable onChange) {
        return DirectoryWatcher.watch(
                "test", dir, p -> p.getFileName().toString().matches("[^.].*\\.yaml"), DEBOUNCE, onChange);
    }

    private void awaitChange() throws InterruptedException {
        assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).as("callback ran").isTrue();
    }
}
