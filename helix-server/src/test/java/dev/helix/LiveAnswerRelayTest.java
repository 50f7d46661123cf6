package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.HelixConfig;
import dev.helix.conversations.LiveAnswers;
import dev.helix.conversations.Message;
import dev.helix.conversations.Owner;
import dev.helix.internal.Json;
import dev.helix.storage.Database;
import dev.helix.testing.Await;
import dev.helix.testing.StorageEngines;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text of answers crosses to the other nodes of one PostgreSQL database: in order, each piece once, a long one
 * put together from its parts, never back to the node that wrote it.
 */
@Timeout(60)
class LiveAnswerRelayTest {
    private static final Owner ALICE = new Owner("key_1", "alice");

    @TempDir
    Path dir;

    /** A piece as it arrived. */
    private record Arrived(Owner owner, String conversation, String message, int index, String text) {}

    @Test
    void piecesReachTheOtherNodeInOrderLongOnesWholeAndNeverTheirOwnNode() {
        HelixConfig.Storage storage = StorageEngines.storage("postgresql", dir);
        Database dbA = Database.open(storage);
        Database dbB = Database.open(storage);
        List<Arrived> onA = new CopyOnWriteArrayList<>();
        List<Arrived> onB = new CopyOnWriteArrayList<>();
        List<String> localOnA = new CopyOnWriteArrayList<>();
        LiveAnswers local = (owner, answer, index, text) -> localOnA.add(text);
        try (LiveAnswerRelay a = relay(dbA, local, onA);
                LiveAnswerRelay b = relay(dbB, LiveAnswers.NONE, onB)) {
            Await.until(
                    () -> dbA.notifications().orElseThrow().listening()
                            && dbB.notifications().orElseThrow().listening(),
                    listening -> listening);
            Message answer = answer();
            String longPiece = "é\"\\".repeat(40) + "x".repeat(70); // 190 characters: four parts of 50
            a.text(ALICE, answer, 1, "Hello");
            a.text(ALICE, answer, 2, longPiece);
            a.text(new Owner("key_1", null), answer, 3, ", world");

            Await.until(onB::size, n -> n >= 3);
            assertThat(onB)
                    .containsExactly(
                            new Arrived(ALICE, "c_1", answer.id(), 1, "Hello"),
                            new Arrived(ALICE, "c_1", answer.id(), 2, longPiece),
                            new Arrived(new Owner("key_1", null), "c_1", answer.id(), 3, ", world"));
            assertThat(localOnA)
                    .as("this node's clients get each piece at once")
                    .hasSize(3);
            assertThat(onA).as("a node does not hear back what it sent").isEmpty();
            b.text(ALICE, answer, 4, "!");
            Await.until(onA::size, n -> n >= 1);
            assertThat(onA).containsExactly(new Arrived(ALICE, "c_1", answer.id(), 4, "!"));
        } finally {
            dbB.close();
            StorageEngines.close(dbA, storage);
        }
    }

    private static LiveAnswerRelay relay(Database db, LiveAnswers local, List<Arrived> arrived) {
        return new LiveAnswerRelay(
                local,
                (owner, conversation, message, index, text) ->
                        arrived.add(new Arrived(owner, conversation, message, index, text)),
                db,
                db.notifications().orElseThrow(),
                new SimpleMeterRegistry(),
                50);
    }

    private static Message answer() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new Message(
                "m_2",
                "c_1",
                2,
                Message.Role.ASSISTANT,
                Message.Kind.MESSAGE,
                Message.Status.STREAMING,
                List.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Json.mapper().createObjectNode(),
                now,
                now);
    }
}
