package dev.helix.gateway.usage;

import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The usage API end to end on a Helix whose database is PostgreSQL. */
class UsageApiOnPostgresTest extends UsageApiTest {
    @RegisterExtension
    static HelixServerExtension postgres = new HelixServerExtension().onPostgres();

    @Override
    protected HelixServerExtension server() {
        return postgres;
    }
}
