/**
 * Storage: the {@link dev.helix.storage.Database} over JDBC and HikariCP (SQLite by default, PostgreSQL for
 * clusters) and its Flyway migrations, one folder per engine under {@code db/migration/}.
 */
@NullMarked
package dev.helix.storage;

import org.jspecify.annotations.NullMarked;
