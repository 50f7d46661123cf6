package dev.helix.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.health.HealthCheck;
import dev.helix.internal.DirectoryWatcher;
import dev.helix.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors the shared state to a JSON file ({@code state.file}): every new version is written to it atomically, and
 * an edit of the file by someone else becomes a new version. An edit that is not valid (bad JSON, not an object,
 * too large or deep) is logged and reported as a degraded health check, and the state keeps its last good version.
 *
 * <p>Implementation notes: the comparison of the file with the current version and the write that follows happen
 * inside the state's write lock. Before every write the mirror checks whether the file is still the one it last
 * wrote (inode, size, modification time) and, if not, takes the edit first — so a write arriving before the
 * watcher has reported an edit cannot overwrite it; the write then applies on top (a merge patch) or gets 412 (a
 * stale {@code If-Match}). Helix's own writes come back as file events; their bytes equal what was written and
 * are skipped without parsing.
 */
public final class StateFileMirror implements AutoCloseable, HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(StateFileMirror.class);
    private static final Duration DEBOUNCE = Duration.ofMillis(50);

    private final SharedState state;
    private final Path file;
    private final long maxFileBytes;
    private volatile @Nullable String problem;
    private @Nullable DirectoryWatcher watcher;
    private byte[] written = new byte[0];
    private @Nullable BasicFileAttributes writtenAttributes;
    private boolean taking;

    private StateFileMirror(SharedState state, Path file, long maxDocumentBytes) {
        this.state = state;
        this.file = file.toAbsolutePath().normalize();
        this.maxFileBytes = maxDocumentBytes * 4 + 4096;
    }

    /** Brings {@code file} and the state in line (an edit made while Helix was down wins), then watches it. */
    public static StateFileMirror start(SharedState state, Path file, long maxDocumentBytes) {
        StateFileMirror mirror = new StateFileMirror(state, file, maxDocumentBytes);
        try {
            Files.createDirectories(mirror.file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of state.file " + file, e);
        }
        mirror.syncAtStart();
        state.beforeWrite(mirror::takePendingEdit);
        state.afterWrite(mirror::write);
        mirror.watcher = DirectoryWatcher.watch(
                "state-file",
                Objects.requireNonNull(mirror.file.getParent(), "the folder of the state file"),
                p -> p.getFileName().equals(mirror.file.getFileName()),
                DEBOUNCE,
                mirror::sync);
        LOG.info("shared state mirrored to {}", mirror.file);
        return mirror;
    }

    /** Degraded while the file holds an edit that could not be taken. */
    @Override
    public void check() throws Degraded {
        String p = problem;
        if (p != null) {
            throw new Degraded(p);
        }
    }

    /** Takes a changed file as a new version, or rewrites a missing one. Runs on the watcher's thread. */
    void sync() {
        state.whileLocked(() -> {
            BasicFileAttributes before = attributes(file);
            byte[] bytes;
            try {
                bytes = read(Math.max(maxFileBytes, written.length + 4096L));
            } catch (NoSuchFileException e) {
                write(state.current());
                return;
            } catch (IOException e) {
                report(e.getMessage());
                return;
            }
            if (!Arrays.equals(bytes, written)) {
                take(bytes, before);
            }
        });
    }

    /** At start: an older kept version in the file is stale (Helix stopped before writing it) and is replaced. */
    private void syncAtStart() {
        state.whileLocked(() -> {
            try {
                JsonNode doc = Json.mapper().readTree(read(maxFileBytes));
                if (doc != null && !doc.equals(state.current().document()) && state.isOlderKeptVersion(doc)) {
                    LOG.info(
                            "{} holds an older version of the shared state; rewriting it with version {}",
                            file,
                            state.current().version());
                    write(state.current());
                    return;
                }
            } catch (IOException e) {
                // missing or unreadable: sync() answers it
            }
            sync();
        });
    }

    /**
     * Before a write: if the file is no longer the one Helix last wrote (another inode, size or modification time),
     * take it first, so the write that follows cannot overwrite an edit the watcher has not reported yet.
     */
    private void takePendingEdit() {
        if (taking) {
            return;
        }
        BasicFileAttributes now = attributes(file);
        BasicFileAttributes known = writtenAttributes;
        if (now == null
                || known == null
                || !Objects.equals(now.fileKey(), known.fileKey())
                || now.size() != known.size()
                || !now.lastModifiedTime().equals(known.lastModifiedTime())) {
            sync();
        }
    }

    private void take(byte[] bytes, @Nullable BasicFileAttributes attributesBeforeRead) {
        written = bytes;
        writtenAttributes = attributesBeforeRead;
        taking = true;
        try {
            JsonNode doc = Json.mapper().readTree(bytes);
            if (doc == null || doc.isMissingNode()) {
                throw StateException.invalid("the file is empty");
            }
            if (!doc.equals(state.current().document())) {
                StateSnapshot s = state.replace(
                        doc,
                        OptionalLong.empty(),
                        Author.file(file.getFileName().toString()));
                LOG.info("took the edit of {} as shared state version {}", file, s.version());
            }
            clearProblem();
        } catch (JsonProcessingException e) {
            report("not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (IOException | StateException e) {
            report(e.getMessage());
        } finally {
            taking = false;
        }
    }

    private byte[] read(long limit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw new IOException("the file is larger than " + limit + " bytes");
            }
            return bytes;
        }
    }

    private static @Nullable BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    private void report(@Nullable String why) {
        String message = "state file " + file + " was not taken: " + why + "; the state stays at version "
                + state.current().version();
        if (!Objects.equals(message, problem)) {
            LOG.warn(message);
        }
        problem = message;
    }

    private void clearProblem() {
        if (problem != null) {
            LOG.info("state file {} is in step again", file);
            problem = null;
        }
    }

    /** Writes {@code snapshot} to the file atomically (a temporary file renamed over it). */
    private void write(StateSnapshot snapshot) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            byte[] bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(snapshot.document());
            Files.write(tmp, bytes);
            BasicFileAttributes attributes = attributes(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written = bytes;
            writtenAttributes = attributes;
            clearProblem();
        } catch (IOException e) {
            problem = "cannot write state version " + snapshot.version() + " to " + file + ": " + e.getMessage();
            LOG.warn(problem);
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        state.afterWrite(s -> {});
        state.beforeWrite(() -> {});
    }
}
