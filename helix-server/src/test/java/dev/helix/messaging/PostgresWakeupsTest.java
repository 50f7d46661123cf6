package dev.helix.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.HelixConfig;
import dev.helix.storage.Database;
import dev.helix.storage.PostgresNotifications;
import dev.helix.testing.Await;
import dev.helix.testing.StorageEngines;
import dev.helix.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** On PostgreSQL a post notifies every node's listener of the waits it may end, in its own transaction. */
@Timeout(60)
class PostgresWakeupsTest {
    private static final Recipients AGENTS = new Recipients() {
        @Override
        public boolean exists(String id) {
            return true;
        }

        @Override
        public Collection<String> ids() {
            return List.of("coder");
        }
    };

    @TempDir
    Path dir;

    @Test
    void aPostOnOneNodeIsHeardByTheListenerOfAnother() {
        HelixConfig.Storage storage = StorageEngines.storage("postgresql", dir);
        Database db = Database.open(storage);
        db.migrate();
        ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
        TestClock clock = new TestClock("2026-12-01T10:00:00Z");
        try (Database otherNode = Database.open(storage);
                Mailboxes mailboxes = new Mailboxes(
                        db, HelixConfig.defaults().messaging(), AGENTS, clock, new SimpleMeterRegistry())) {
            PostgresNotifications heardThere = otherNode.notifications().orElseThrow();
            heardThere.listen(MailboxStore.CHANNEL, heard::add);
            Await.until("the other node listens", heardThere::listening);
            Await.until("this node listens", mailboxes::hearsOtherNodes);

            Message asked = mailboxes.post(new Draft("coder", Priority.HIGH, "task", "{}", null, null, "key_a"));
            Await.until("the post is heard", () -> heard.contains("mailbox:coder"));
            mailboxes.reply("coder", asked.id(), new Draft("", Priority.NORMAL, "done", "{}", null, null, "key_b"));
            Await.until("the reply is heard", () -> heard.contains("reply:" + asked.id()));

            assertThat(heard).containsExactly("mailbox:coder", "mailbox:", "reply:" + asked.id());
        } finally {
            StorageEngines.close(db, storage);
        }
    }
}
