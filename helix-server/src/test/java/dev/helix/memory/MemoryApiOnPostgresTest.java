package dev.helix.memory;

import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The memory API end to end on a Helix whose database is PostgreSQL. */
class MemoryApiOnPostgresTest extends MemoryApiTest {
    @RegisterExtension
    static HelixServerExtension postgres = new HelixServerExtension().onPostgres();

    @Override
    protected HelixServerExtension server() {
        return postgres;
    }
}
