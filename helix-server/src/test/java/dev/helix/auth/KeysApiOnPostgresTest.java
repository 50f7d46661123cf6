package dev.helix.auth;

import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The keys API end to end on a Helix whose database is PostgreSQL. */
class KeysApiOnPostgresTest extends KeysApiTest {
    @RegisterExtension
    static HelixServerExtension postgres = new HelixServerExtension().onPostgres();

    @Override
    protected HelixServerExtension server() {
        return postgres;
    }
}
