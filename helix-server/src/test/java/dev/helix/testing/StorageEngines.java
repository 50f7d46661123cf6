package dev.helix.testing;

import dev.helix.config.HelixConfig;
import dev.helix.storage.Database;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The two engines storage tests run on: {@code @ParameterizedTest @MethodSource("dev.helix.testing.StorageEngines#all")}. */
public final class StorageEngines {
    private StorageEngines() {}

    public static Stream<String> all() {
        return Stream.of("sqlite", "postgresql");
    }

    /** Storage settings for {@code engine}: SQLite in {@code dir}, or a fresh PostgreSQL schema. */
    public static HelixConfig.Storage storage(String engine, Path dir) {
        HelixConfig.Storage base = HelixConfig.defaults().storage().toBuilder()
                .dataDir(dir)
                .databaseUrl("")
                .build();
        return engine.equals("sqlite")
                ? base
                : base.toBuilder().databaseUrl(TestServices.postgresSchemaUrl()).build();
    }

    /** Opens and migrates a database on {@code engine}. */
    public static Database open(String engine, Path dir) {
        Database db = Database.open(storage(engine, dir));
        db.migrate();
        return db;
    }

    /** Closes {@code db} and drops its PostgreSQL schema, if any. */
    public static void close(Database db, HelixConfig.Storage storage) {
        db.close();
        if (!storage.databaseUrl().isEmpty()) {
            TestServices.dropSchema(storage.databaseUrl());
        }
    }
}
