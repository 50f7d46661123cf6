package dev.helix.testing;

import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.http.HttpFeature;
import dev.helix.internal.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real Helix on a free port with a temporary data folder (SQLite, or PostgreSQL with
 * {@link #onPostgres()}) once per test class, and gives tests an HTTP client holding a known admin key.
 *
 * <pre>{@code @RegisterExtension static HelixServerExtension server = new HelixServerExtension();}</pre>
 */
public final class HelixServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final String adminKey = KeySecrets.generate();
    private final List<HttpFeature> features = new ArrayList<>();
    private UnaryOperator<HelixConfig> customise = c -> c;
    private boolean postgres;
    private Path dataDir;
    private String postgresUrl;
    private HelixConfig started;
    private Helix helix;
    private HelixClient client;

    /** Runs the server on PostgreSQL instead of SQLite. */
    public HelixServerExtension onPostgres() {
        this.postgres = true;
        return this;
    }

    /** Adjusts the configuration before start. */
    public HelixServerExtension config(UnaryOperator<HelixConfig> change) {
        this.customise = change;
        return this;
    }

    /** Adds test-only routes. */
    public HelixServerExtension feature(HttpFeature feature) {
        features.add(feature);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("helix-test");
        HelixConfig config = testConfig(dataDir, adminKey);
        if (postgres) {
            postgresUrl = TestServices.postgresSchemaUrl();
            config = config.toBuilder().storage(s -> s.databaseUrl(postgresUrl)).build();
        }
        started = customise.apply(config);
        helix = Helix.create(started, Clock.systemUTC(), features).start();
        client = new HelixClient("http://127.0.0.1:" + helix.port(), adminKey);
    }

    /**
     * Stops the server and starts a new one on the same data (folder or PostgreSQL schema) and configuration, as a
     * restart would; it listens on a new port, so take {@link #client()} again.
     */
    public void restart() {
        helix.stop();
        helix = Helix.create(started, Clock.systemUTC(), features).start();
        client = new HelixClient("http://127.0.0.1:" + helix.port(), adminKey);
    }

    /** A configuration for tests: port 0, the given data folder and admin key, no access log. */
    public static HelixConfig testConfig(Path dataDir, String adminKey) {
        HelixConfig d = HelixConfig.defaults();
        return d.toBuilder()
                .server(s -> s.port(0).shutdownGrace(Duration.ofSeconds(5)))
                .storage(s -> s.dataDir(dataDir).databaseUrl(""))
                .auth(new HelixConfig.Auth(adminKey, true))
                .build();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (helix != null) {
            helix.stop();
        }
        if (postgresUrl != null) {
            TestServices.dropSchema(postgresUrl);
        }
        Folders.deleteTree(dataDir);
    }

    public HelixClient client() {
        return client;
    }

    public Helix helix() {
        return helix;
    }

    public String adminKey() {
        return adminKey;
    }

    /** The server's data folder (its SQLite database, unless {@link #onPostgres()}). */
    public Path dataDir() {
        return dataDir;
    }
}
