package dev.helix.agents;

import dev.helix.internal.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default collective shipped in the jar ({@code dev/helix/agents/defaults/}), copied into the agents folder on
 * first start so users can edit it. An existing folder is never touched.
 */
final class DefaultAgents {
    /** The files of the default collective. */
    static final List<String> FILES = List.of("coordinator.yaml", "researcher.yaml", "coder.yaml", "critic.yaml");

    private static final String RESOURCES = "/dev/helix/agents/defaults/";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultAgents.class);

    private DefaultAgents() {}

    /**
     * Creates {@code folder} with the default agents if nothing exists at that path; returns whether it did. The files
     * are written to a sibling folder first and moved into place at once, so an interrupted start never leaves a
     * half-seeded folder that later starts would leave alone.
     */
    static boolean seedIfMissing(Path folder) {
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path staging = null;
        try {
            Path parent = Objects.requireNonNull(folder.toAbsolutePath().getParent(), "the folder's parent");
            Files.createDirectories(parent);
            staging = parent.resolve("." + folder.getFileName() + ".seed-"
                    + ProcessHandle.current().pid());
            Folders.deleteTree(staging);
            Files.createDirectory(staging);
            copyDefaults(staging);
            Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("created agents folder {} with the default collective: {}", folder, FILES);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not create agents folder {} with the default collective: {}", folder, e.toString());
            return false;
        } finally {
            deleteQuietly(staging);
        }
    }

    private static void copyDefaults(Path dir) throws IOException {
        for (String file : FILES) {
            try (InputStream in = DefaultAgents.class.getResourceAsStream(RESOURCES + file)) {
                if (in == null) {
                    throw new IOException("resource " + RESOURCES + file + " is missing from the jar");
                }
                Files.copy(in, dir.resolve(file));
            }
        }
    }

    private static void deleteQuietly(@Nullable Path staging) {
        try {
            if (staging != null && Files.exists(staging)) {
                Folders.deleteTree(staging);
            }
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", staging, e.getMessage());
        }
    }
}
