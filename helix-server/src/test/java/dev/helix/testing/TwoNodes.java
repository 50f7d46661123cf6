package dev.helix.testing;

import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Two running Helix nodes sharing one PostgreSQL database (a fresh schema of their own) and one admin key, each
 * with its own data folder: what a test of a cluster needs. Closing stops both, drops the schema and deletes the
 * folders.
 */
public final class TwoNodes implements AutoCloseable {
    private final String url = TestServices.postgresSchemaUrl();
    private final String key = KeySecrets.generate();
    private final Path dirA;
    private final Path dirB;
    private final Helix a;
    private final Helix b;

    private TwoNodes(UnaryOperator<HelixConfig> change) throws IOException {
        dirA = Files.createTempDirectory("helix-a");
        dirB = Files.createTempDirectory("helix-b");
        a = Helix.create(change.apply(config(dirA))).start();
        b = Helix.create(change.apply(config(dirB))).start();
    }

    /** Starts both nodes. */
    public static TwoNodes start() throws IOException {
        return new TwoNodes(UnaryOperator.identity());
    }

    /** Starts both nodes, each with its test configuration changed by {@code change}. */
    public static TwoNodes start(UnaryOperator<HelixConfig> change) throws IOException {
        return new TwoNodes(change);
    }

    private HelixConfig config(Path dir) {
        return HelixServerExtension.testConfig(dir, key).toBuilder()
                .storage(s -> s.databaseUrl(url))
                .build();
    }

    public Helix a() {
        return a;
    }

    public Helix b() {
        return b;
    }

    /** A client of node A with the admin key. */
    public HelixClient clientA() {
        return client(a);
    }

    /** A client of node B with the admin key. */
    public HelixClient clientB() {
        return client(b);
    }

    /** Clients of A and B, in that order. */
    public List<HelixClient> clients() {
        return List.of(clientA(), clientB());
    }

    private HelixClient client(Helix node) {
        return new HelixClient("http://127.0.0.1:" + node.port(), key);
    }

    @Override
    public void close() throws IOException {
        try (a;
                b) {
            // both stop, B first
        } finally {
            TestServices.dropSchema(url);
            Folders.deleteTree(dirA);
            Folders.deleteTree(dirB);
        }
    }
}
