package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.commands.AgentPolicy;
import dev.helix.commands.CommandRegistry;
import dev.helix.commands.CommandService;
import dev.helix.config.HelixConfig;
import dev.helix.events.EventLog;
import dev.helix.http.Routes;
import dev.helix.storage.Database;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route of one conversation, tried by everyone who is not its owner: another key, the same key for another
 * end user or for none, and the same key naming a user for a conversation that has none. Each gets 404, exactly
 * as for a conversation that does not exist, and nothing changes. An admin may read every route that reads, and
 * gets 404 on every route that writes.
 */
@Timeout(60)
class ConversationScopingTest {
    /** One route of a conversation: how to call it, and whether it only reads. */
    record Route(String method, String template, String body, boolean reads) {
        String path(String id) {
            return template.replace("{id}", id);
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    /** Every route that acts on one conversation; {@link #theTableHasEveryRouteOfAConversation} keeps it whole. */
    static final List<Route> ROUTES = List.of(
            new Route("GET", ConversationsApi.CONVERSATION, null, true),
            new Route("PATCH", ConversationsApi.CONVERSATION, "{\"title\":\"taken\"}", false),
            new Route("DELETE", ConversationsApi.CONVERSATION, null, false),
            new Route("GET", ConversationsApi.MESSAGES, null, true),
            new Route("POST", ConversationsApi.MESSAGES, "{\"content\":\"hello\"}", false));

    /** Who tries: a key and an end user (null: none), against the conversation of alice or of no user. */
    record Intruder(String name, String key, String user, boolean againstNoUser) {}

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private static Calls calls;
    private static String owner;
    private static String other;
    private static String ofAlice;
    private static String ofNoUser;

    @BeforeAll
    static void conversations() {
        calls = new Calls(server.client());
        owner = calls.client().createKey("app", "user");
        other = calls.client().createKey("other-app", "user");
        ofAlice = calls.create(owner, "alice", "coder");
        ofNoUser = calls.create(owner, null, "coder");
    }

    static Stream<Object[]> everyRouteByEveryIntruder() {
        List<Intruder> intruders = List.of(
                new Intruder("another key, same user", "other", "alice", false),
                new Intruder("another key, no user", "other", null, true),
                new Intruder("same key, another user", "owner", "bob", false),
                new Intruder("same key, no user", "owner", null, false),
                new Intruder("same key, a user for a conversation without one", "owner", "alice", true),
                new Intruder("an admin writing", "admin", null, false));
        List<Object[]> cases = new ArrayList<>();
        for (Route r : ROUTES) {
            for (Intruder i : intruders) {
                if (!(i.name().startsWith("an admin") && r.reads())) {
                    cases.add(new Object[] {r, i});
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("everyRouteByEveryIntruder")
    void noOneButTheOwnerReachesAConversation(Route route, Intruder intruder) {
        String id = intruder.againstNoUser() ? ofNoUser : ofAlice;
        String key = switch (intruder.key()) {
            case "owner" -> owner;
            case "other" -> other;
            default -> calls.client().adminKey();
        };
        Reply r = calls.send(route.method(), route.path(id), key, intruder.user(), route.body());
        Reply missing = calls.send(
                route.method(), route.path("conv_01M97FSJKFSH8T239NCR5CCM7A"), key, intruder.user(), route.body());
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.json().get("type").asText())
                .isEqualTo(missing.json().get("type").asText());
        assertThat(r.json().get("detail").asText()).doesNotContain("alice").doesNotContain(owner);

        Reply still = calls.get(
                ConversationsApi.CONVERSATION.replace("{id}", id), owner, intruder.againstNoUser() ? null : "alice");
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.json().get("title").asText()).as("unchanged").isEqualTo("t");
        assertThat(still.json().get("lastSeq").asLong()).as("no message").isZero();
    }

    @Test
    void anotherOwnerListsNoneOfThem() {
        assertThat(calls.get(Calls.BASE, other, "alice").json().get("data")).isEmpty();
        assertThat(calls.get(Calls.BASE, owner, "bob").json().get("data")).isEmpty();
        assertThat(calls.get(Calls.BASE, owner, null).json().get("data")).hasSize(1);
    }

    @Test
    void theEventLogShowsConversationEventsToTheOwnersKeyAndAdminsOnly() {
        String page = "/api/v1/event-log?types=conversation.*&limit=1000";
        assertThat(calls.get(page, other, null).json().get("events")).isEmpty();
        assertThat(calls.get(page, owner, null).json().get("events")).isNotEmpty();
        assertThat(calls.get(page, calls.client().adminKey(), null).json().get("events"))
                .isNotEmpty();
    }

    @Test
    void anAdminReadsEveryRouteThatReads() {
        for (Route r : ROUTES) {
            if (r.reads()) {
                Reply read =
                        calls.send(r.method(), r.path(ofAlice), calls.client().adminKey(), null, r.body());
                assertThat(read.status()).as(r + ": " + read.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void theTableHasEveryRouteOfAConversation() throws Exception {
        Path dir = Files.createTempDirectory("helix-routes");
        HelixConfig config = HelixConfig.defaults();
        try (Database db =
                Database.open(config.storage().toBuilder().dataDir(dir).build())) {
            Conversations conversations = new Conversations(
                    db,
                    config.conversations(),
                    id -> Optional.empty(),
                    EventLog.writerOnly(db),
                    Clock.systemUTC(),
                    new CompositeMeterRegistry());
            Routes routes = new Routes();
            Answering answering = new Answering(
                    conversations,
                    new NoModel(),
                    PromptContext.NONE,
                    LiveAnswers.NONE,
                    new CommandService(
                            CommandRegistry.withBuiltins(),
                            AgentPolicy.NONE,
                            Clock.systemUTC(),
                            new CompositeMeterRegistry()),
                    Clock.systemUTC());
            new ConversationsApi(conversations, answering).register(routes);
            List<String> registered = new ArrayList<>();
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                routes.templates(method).stream()
                        .filter(t -> t.contains("{id}"))
                        .forEach(t -> registered.add(method + " " + t));
            }
            assertThat(ROUTES.stream().map(Route::toString)).containsExactlyInAnyOrderElementsOf(registered);
        } finally {
            dev.helix.internal.Folders.deleteTree(dir);
        }
    }
}
