package dev.helix.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.Helix;
import dev.helix.auth.KeySecrets;
import dev.helix.internal.Folders;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A stopping Helix answers its waiting long polls at once instead of waiting out their wait or the grace. */
@Timeout(60)
class LongPollStopTest {
    @Test
    void stopAnswersAWaitingLongPollAtOnce() throws Exception {
        Path dir = Files.createTempDirectory("helix-stop");
        String key = KeySecrets.generate();
        try {
            Helix helix =
                    Helix.create(HelixServerExtension.testConfig(dir, key)).start();
            HelixClient client = new HelixClient("http://127.0.0.1:" + helix.port(), key);
            CompletableFuture<HelixClient.Reply> polling =
                    CompletableFuture.supplyAsync(() -> client.get("/api/v1/agents/coder/messages?wait=60s"));
            Thread.sleep(300);
            assertThat(polling).isNotDone();

            long start = System.nanoTime();
            helix.stop();

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(polling.get().status()).isEqualTo(200);
            assertThat(polling.get().json().get("data")).isEmpty();
        } finally {
            Folders.deleteTree(dir);
        }
    }
}
