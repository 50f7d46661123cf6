package dev.helix.state;

import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared state API end to end on a Helix whose database is PostgreSQL. */
class StateApiOnPostgresTest extends StateApiTest {
    @RegisterExtension
    static HelixServerExtension postgres = new HelixServerExtension()
            .onPostgres()
            .config(c -> c.toBuilder().state(s -> s.history(5)).build());

    @Override
    protected HelixServerExtension server() {
        return postgres;
    }
}
