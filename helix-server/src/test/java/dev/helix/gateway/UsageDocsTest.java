package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient;
import java.io.IOException;
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
 * The {@code curl} examples of the README's "Budgets and limits" and of docs/api.md's "Usage reports", run in that
 * order against a Helix whose gateway has the model {@code fast}, after the calls the README's report describes
 * (the coder agent's chat and summarise tasks, and a call made for no agent). Each must get the status its comment
 * says (or a 2xx); where the comment shows a report's {@code groupBy} and groups, the real report has those.
 */
@Timeout(60)
class UsageDocsTest {
    private static final Path ROOT = Path.of(System.getProperty("helix.repoRoot", ".."));
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern URL = Pattern.compile("\"?localhost:8080(/[^\"\\s]*)\"?");
    private static final Pattern HEADER = Pattern.compile("-H ['\"]([^'\"]+)['\"]");
    private static final Pattern BODY = Pattern.compile("-d '([^']*)'");
    private static final Pattern STATUS = Pattern.compile("# (\\d{3}) (.*)");
    private static final Pattern GROUP = Pattern.compile("\"group\":(\\{[^{}]*}|\"[^\"]*\"|null)");
    private static final Pattern GROUP_BY = Pattern.compile("\"groupBy\":\"([^\"]*)\"");

    @RegisterExtension
    static final GatewayServer server = new GatewayServer();

    private final HelixClient client = server.client();

    /** One curl example: its request, and the status and answer its comment promises (0 and "": any 2xx). */
    record Example(String path, List<String> headers, String body, int status, String answer) {}

    @Test
    void theUsageExamplesRunAsWritten() throws IOException {
        makeTheCallsTheReadmeReports();
        List<Example> readme = examples(ROOT.resolve("README.md"), "## Budgets and limits");
        List<Example> api = examples(ROOT.resolve("docs/api.md"), "## Usage reports");
        assertThat(readme).hasSize(3);
        assertThat(api).hasSize(2);
        readme.forEach(this::run);
        api.forEach(this::run);
    }

    private void makeTheCallsTheReadmeReports() {
        String keyId = client.get("/api/v1/me").json().get("id").asText();
        List<ChatCall.Message> hello = List.of(ChatCall.Message.user("Hello"));
        GatewayCalls calls = server.calls();
        assertThat(calls.chat(ChatCall.of(keyId, "docs-1", "fast", hello).attributedTo("coder", "chat"))
                        .complete())
                .isTrue();
        calls.chat(ChatCall.of(keyId, "docs-2", "fast", hello).attributedTo("coder", "summarise"));
        calls.chat(ChatCall.of(keyId, "docs-3", "fast", hello));
    }

    private void run(Example e) {
        String[] headers = e.headers().stream()
                .filter(h -> !h.startsWith("Authorization:") && !h.startsWith("Content-Type:"))
                .flatMap(h -> java.util.stream.Stream.of(
                        h.substring(0, h.indexOf(':')),
                        h.substring(h.indexOf(':') + 1).strip()))
                .toArray(String[]::new);
        HelixClient.Reply reply = client.send(
                e.body() == null ? "GET" : "POST",
                e.path(),
                client.adminKey(),
                e.body() == null ? null : "application/json",
                e.body(),
                headers);
        if (e.status() == 0) {
            assertThat(reply.status()).as(e + ": " + reply.body()).isBetween(200, 299);
            return;
        }
        assertThat(reply.status()).as(e + ": " + reply.body()).isEqualTo(e.status());
        Matcher groupBy = GROUP_BY.matcher(e.answer());
        if (groupBy.find()) {
            assertThat(reply.json().get("groupBy").asText()).isEqualTo(groupBy.group(1));
        }
        List<String> documented = new ArrayList<>();
        Matcher group = GROUP.matcher(e.answer());
        while (group.find()) {
            documented.add(group.group(1));
        }
        List<String> real = new ArrayList<>();
        for (JsonNode row : reply.json().get("rows")) {
            real.add(row.get("group").toString());
        }
        assertThat(real).as(e.path()).isEqualTo(documented);
    }

    /** The curl examples of {@code heading}'s section, each with the comment lines after it as its answer. */
    private static List<Example> examples(Path file, String heading) throws IOException {
        String text = Files.readString(file);
        int start = text.indexOf(heading);
        assertThat(start).as("%s has a section '%s'", file, heading).isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        List<Example> out = new ArrayList<>();
        Matcher block = SH_BLOCK.matcher(section);
        while (block.find()) {
            List<String> lines = List.of(block.group(1).replace("\\\n", " ").split("\n"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("curl ")) {
                    out.add(example(lines.get(i), comment(lines, i + 1)));
                }
            }
        }
        return out;
    }

    /** The comment lines from {@code from} on, joined. */
    private static String comment(List<String> lines, int from) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < lines.size() && lines.get(i).startsWith("#"); i++) {
            out.append(out.isEmpty() ? lines.get(i) : lines.get(i).substring(1).strip());
        }
        return out.toString();
    }

    private static Example example(String curl, String comment) {
        Matcher url = URL.matcher(curl);
        assertThat(url.find()).as(curl).isTrue();
        List<String> headers = new ArrayList<>();
        Matcher header = HEADER.matcher(curl);
        while (header.find()) {
            headers.add(header.group(1));
        }
        Matcher body = BODY.matcher(curl);
        Matcher status = STATUS.matcher(comment);
        boolean promised = status.matches();
        return new Example(
                url.group(1),
                headers,
                body.find() ? body.group(1) : null,
                promised ? Integer.parseInt(status.group(1)) : 0,
                promised ? status.group(2) : "");
    }
}
