package dev.helix.conversations;

import dev.helix.testkit.MockLlmServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The agent's turn end to end on a Helix whose database is PostgreSQL. */
class ConversationTurnOnPostgresTest extends ConversationTurnTest {
    @RegisterExtension
    static ConversationServer postgres =
            new ConversationServer(MockLlmServer.Options.defaults(), "", c -> c, true, false);

    @Override
    protected ConversationServer server() {
        return postgres;
    }
}
