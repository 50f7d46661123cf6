package dev.helix.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.cli.Main;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.HelixServerExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The examples of the "Maintenance mode" section of docs/operations.md, run in order against a real server: each
 * {@code curl} must get the status its comment says, the {@code Retry-After} it names and every quoted string of the
 * comment (those without "…"); each {@code ./helix maintenance} line runs on the server's database, must print what
 * its comment shows around the "…", and the server must follow it.
 */
@Timeout(60)
class MaintenanceDocsTest {
    private static final Path ROOT = Path.of(System.getProperty("helix.repoRoot", ".."));
    private static final String HEADING = "## Maintenance mode";
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern URL = Pattern.compile("localhost:8080(/\\S*)");
    private static final Pattern METHOD = Pattern.compile("-X (\\w+)");
    private static final Pattern BODY = Pattern.compile("-d '([^']*)'");
    private static final Pattern STATUS = Pattern.compile("# (\\d{3}) (.*)");
    private static final Pattern RETRY_AFTER = Pattern.compile("Retry-After: (\\d+)");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern WORD = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server.client();

    @Test
    void theExamplesRunAsWritten() throws IOException {
        List<String[]> examples = examples();
        assertThat(examples.stream().filter(e -> e[0].startsWith("curl "))).hasSize(5);
        assertThat(examples.stream().filter(e -> e[0].startsWith("./helix "))).hasSize(3);
        for (String[] example : examples) {
            if (example[0].startsWith("curl ")) {
                curl(example[0], example[1]);
            } else {
                helix(example[0], example[1]);
            }
        }
    }

    private void curl(String line, String comment) {
        Matcher url = URL.matcher(line);
        assertThat(url.find()).as(line).isTrue();
        Matcher method = METHOD.matcher(line);
        Matcher body = BODY.matcher(line);
        String json = body.find() ? body.group(1) : null;
        Reply reply = client.send(
                method.find() ? method.group(1) : "GET",
                url.group(1),
                line.contains("$HELIX_ADMIN_KEY") ? client.adminKey() : null,
                json == null ? null : "application/json",
                json);
        Matcher expected = STATUS.matcher(comment);
        assertThat(expected.matches()).as("the comment after " + line).isTrue();
        assertThat(reply.status()).as(line + ": " + reply.body()).isEqualTo(Integer.parseInt(expected.group(1)));
        Matcher retry = RETRY_AFTER.matcher(comment);
        if (retry.find()) {
            assertThat(reply.header("Retry-After")).isEqualTo(retry.group(1));
        }
        Matcher quoted = QUOTED.matcher(expected.group(2));
        while (quoted.find()) {
            if (!quoted.group(1).contains("…")) {
                assertThat(reply.body()).as(line).contains("\"" + quoted.group(1) + "\"");
            }
        }
    }

    private void helix(String line, String comment) {
        List<String> args = words(line.substring("./helix ".length()));
        args.addAll(List.of("--data-dir", server.dataDir().toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        assertThat(status).as(line + ": " + err).isZero();
        assertThat(comment).startsWith("# ");
        for (String part : comment.substring(2).split("…")) {
            assertThat(out.toString()).as(line).contains(part.strip());
        }
        if (args.get(1).equals("on") || args.get(1).equals("off")) {
            boolean on = args.get(1).equals("on");
            Await.until(
                    "the server to follow " + line,
                    () -> client.get("/api/v1/maintenance")
                                    .json()
                                    .get("enabled")
                                    .asBoolean()
                            == on);
        }
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return words;
    }

    /** Each example line of the section (continuations joined) with the comment line after it. */
    private static List<String[]> examples() throws IOException {
        String text = Files.readString(ROOT.resolve("docs/operations.md"));
        int start = text.indexOf(HEADING);
        assertThat(start).as("docs/operations.md has a section '%s'", HEADING).isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        Matcher block = SH_BLOCK.matcher(text.substring(start, end < 0 ? text.length() : end));
        List<String[]> out = new ArrayList<>();
        while (block.find()) {
            List<String> lines =
                    List.of(block.group(1).replaceAll("\\\\\\n\\s*", " ").split("\n"));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("curl ") || line.startsWith("./helix ")) {
                    out.add(new String[] {line, i + 1 < lines.size() ? lines.get(i + 1) : ""});
                }
            }
        }
        return out;
    }
}
