package dev.helix.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code curl} examples of the "Agent messaging" sections of docs/api.md and the README, run in order against a
 * real server: each must get the status its comment says (or a 2xx); {@code $MSG} is the id of the message the
 * last take returned. The request example is answered meanwhile, as the agent asked would.
 */
@Timeout(60)
class MessagingDocsTest {
    private static final Path ROOT = Path.of(System.getProperty("helix.repoRoot", ".."));
    private static final String HEADING = "## Agent messaging";
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern URL = Pattern.compile("\"?localhost:8080(/[^\"\\s]*)\"?");
    private static final Pattern METHOD = Pattern.compile("-X (\\w+)");
    private static final Pattern BODY = Pattern.compile("-d '([^']*)'");
    private static final Pattern STATUS = Pattern.compile("# (\\d{3}) .*");

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server.client();
    private String lastTaken;

    /** One curl example: its request and the status its comment promises (0: any 2xx). */
    record Example(String method, String path, String body, int status) {}

    @Test
    void theApiDocsExamplesRunAsWritten() throws IOException {
        List<Example> examples = examples(ROOT.resolve("docs/api.md"));
        assertThat(examples).hasSizeGreaterThanOrEqualTo(7);
        examples.forEach(this::run);
    }

    @Test
    void theReadmeExamplesRunAsWritten() throws IOException {
        List<Example> examples = examples(ROOT.resolve("README.md"));
        assertThat(examples).hasSize(2);
        examples.forEach(this::run);
    }

    private void run(Example e) {
        String path = e.path().replace("$MSG", String.valueOf(lastTaken));
        if (path.contains("/requests")) {
            CompletableFuture<Reply> asking = CompletableFuture.supplyAsync(() -> send(e, path));
            answerTheRequest();
            check(e, asking.join());
            assertThat(asking.join().json().at("/reply/data/verdict").asText()).isEqualTo("ok");
            return;
        }
        Reply reply = send(e, path);
        check(e, reply);
        if (e.method().equals("GET")) {
            JsonNode data = reply.json().get("data");
            assertThat(data).as(path + " took nothing").isNotEmpty();
            lastTaken = data.get(0).get("id").asText();
        }
    }

    private Reply send(Example e, String path) {
        return client.send(e.method(), path, client.adminKey(), e.body() == null ? null : "application/json", e.body());
    }

    private static void check(Example e, Reply reply) {
        if (e.status() != 0) {
            assertThat(reply.status()).as(e + ": " + reply.body()).isEqualTo(e.status());
        } else {
            assertThat(reply.status()).as(e + ": " + reply.body()).isBetween(200, 299);
        }
    }

    /** Takes the critic's messages until the request's comes, and answers it. */
    private void answerTheRequest() {
        while (true) {
            for (JsonNode m : client.get("/api/v1/agents/critic/messages?wait=1s&max=100")
                    .json()
                    .get("data")) {
                if (m.at("/data/text").asText().equals("the plan")) {
                    Reply answered = client.send(
                            "POST",
                            "/api/v1/agents/critic/messages/" + m.get("id").asText() + "/reply",
                            client.adminKey(),
                            "application/json",
                            "{\"type\":\"review.done\",\"data\":{\"verdict\":\"ok\"}}");
                    assertThat(answered.status()).isEqualTo(202);
                    return;
                }
            }
        }
    }

    private static List<Example> examples(Path file) throws IOException {
        String text = Files.readString(file);
        int start = text.indexOf(HEADING);
        assertThat(start).as("%s has a section '%s'", file, HEADING).isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        List<Example> out = new ArrayList<>();
        Matcher block = SH_BLOCK.matcher(section);
        while (block.find()) {
            List<String> lines = List.of(block.group(1).replace("\\\n", " ").split("\n"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("curl ")) {
                    out.add(example(lines.get(i), i + 1 < lines.size() ? lines.get(i + 1) : ""));
                }
            }
        }
        return out;
    }

    private static Example example(String curl, String next) {
        Matcher url = URL.matcher(curl);
        assertThat(url.find()).as(curl).isTrue();
        Matcher method = METHOD.matcher(curl);
        Matcher body = BODY.matcher(curl);
        Matcher status = STATUS.matcher(next.trim());
        return new Example(
                method.find() ? method.group(1) : "GET",
                url.group(1),
                body.find() ? body.group(1) : null,
                status.matches() ? Integer.parseInt(status.group(1)) : 0);
    }
}
