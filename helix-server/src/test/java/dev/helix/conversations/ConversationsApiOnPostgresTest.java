package dev.helix.conversations;

import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conversations API end to end on a Helix whose database is PostgreSQL. */
class ConversationsApiOnPostgresTest extends ConversationsApiTest {
    @RegisterExtension
    static HelixServerExtension postgres = new HelixServerExtension().onPostgres();

    @Override
    protected HelixServerExtension server() {
        return postgres;
    }
}
