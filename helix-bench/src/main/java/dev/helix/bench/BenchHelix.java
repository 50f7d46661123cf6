package dev.helix.bench;

import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.config.LogLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The configuration of an in-process Helix a bench starts: its own folder, SQLite, a free port, quiet logs. */
final class BenchHelix {
    private BenchHelix() {}

    /**
     * A Helix whose {@code helix.yaml} in {@code dir} is {@code yaml}, its data in {@code dir/data} (SQLite), on a free
     * port of 127.0.0.1, with the admin key {@code admin} and only warnings logged.
     */
    static HelixConfig config(Path dir, String admin, String yaml) throws IOException {
        Path file = dir.resolve("helix.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.builder().file(file).env(Map.of()).load().config().toBuilder()
                .server(s -> s.port(0))
                .storage(s -> s.dataDir(dir.resolve("data")).databaseUrl(""))
                .auth(new HelixConfig.Auth(admin, false))
                .logging(
                        new HelixConfig.Logging(HelixConfig.defaults().logging().format(), LogLevel.WARN, false))
                .build();
    }

    /** A gateway section with the models {@code smart} and {@code fast}, both on the mock provider at {@code url}. */
    static String mockGateway(String url) {
        return """
                gateway:
                  providers:
                    - {id: mock, kind: openai, baseUrl: %s, apiKey: sk-mock}
                  models:
                    - name: smart
                      deployments: [{provider: mock, model: smart-1}]
                    - name: fast
                      deployments: [{provider: mock, model: fast-1}]
                """.formatted(url);
    }
}
