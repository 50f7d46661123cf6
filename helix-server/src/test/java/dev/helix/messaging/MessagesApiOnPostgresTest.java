package dev.helix.messaging;

import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The messages API end to end on a Helix whose database is PostgreSQL. */
class MessagesApiOnPostgresTest extends MessagesApiTest {
    @RegisterExtension
    static HelixServerExtension postgres = new HelixServerExtension().onPostgres();

    @Override
    protected HelixServerExtension server() {
        return postgres;
    }
}
