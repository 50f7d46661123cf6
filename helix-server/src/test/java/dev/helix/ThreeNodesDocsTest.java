package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.helix.auth.KeySecrets;
import dev.helix.config.ConfigLoader;
import dev.helix.internal.Folders;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.LocalRedis;
import dev.helix.testing.TestServices;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;

/**
 * The "Three nodes on one machine" example of docs/operations.md, run as written: its exported variables (with the
 * test machine's PostgreSQL, in a fresh schema, and Redis, under a fresh prefix, in place of the example's), its
 * three {@code ./helix serve} lines (each node in process, on a free port standing for the example's), and its
 * {@code curl} requests, whose {@code # {…}} comment is the body the request before it must come to answer.
 */
@Timeout(120)
class ThreeNodesDocsTest {
    private static final String HEADING = "### Three nodes on one machine";
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern EXPORT = Pattern.compile("export (HELIX_\\w+)=.*");
    private static final Pattern SERVE =
            Pattern.compile("((?:HELIX_\\w+=\\S+ )*)\\./helix serve --port (\\d+) --data-dir (\\S+) &");
    private static final Pattern ASSIGNMENT = Pattern.compile("(HELIX_\\w+)=(\\S+)");
    private static final Pattern CURL = Pattern.compile("curl .*localhost:(\\d+)(/\\S*).*");
    private static final Pattern METHOD = Pattern.compile("-X (\\w+)");
    private static final Pattern HEADER = Pattern.compile("-H '([^:']+): ([^']*)'");
    private static final Pattern BODY = Pattern.compile("-d '([^']*)'");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Helix> nodes = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final Map<String, HelixClient> byPort = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final String prefix = LocalRedis.uniquePrefix();
    private String databaseUrl;
    private String redisUrl;

    @AfterEach
    void stopNodes() throws IOException {
        nodes.forEach(Helix::stop);
        if (databaseUrl != null) {
            TestServices.dropSchema(databaseUrl);
        }
        if (redisUrl != null) {
            try (RedisClient redis = RedisClient.create(URI.create(redisUrl))) {
                redis.keys(prefix + ":*").forEach(redis::del);
            }
        }
        for (Path dir : dirs) {
            Folders.deleteTree(dir);
        }
    }

    @Test
    void theThreeNodesExampleServesAWriteOnOneNodeFromAnother() throws IOException {
        List<String> lines = exampleLines();
        List<String> exported = lines.stream()
                .map(EXPORT::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .toList();
        assertThat(exported).containsExactly("HELIX_DATABASE_URL", "HELIX_REDIS_URL", "HELIX_ADMIN_KEY");
        databaseUrl = TestServices.postgresSchemaUrl();
        redisUrl = LocalRedis.shared(6);
        env.putAll(Map.of(
                "HELIX_DATABASE_URL",
                databaseUrl,
                "HELIX_REDIS_URL",
                redisUrl,
                "HELIX_ADMIN_KEY",
                KeySecrets.generate(),
                "HELIX_CACHE_REDIS_PREFIX",
                prefix + ":cache"));
        HelixClient.Reply last = null;
        int requests = 0;
        for (String line : lines) {
            Matcher serve = SERVE.matcher(line);
            if (serve.matches()) {
                start(serve);
            } else if (CURL.matcher(line).matches()) {
                last = send(line);
                requests++;
            } else if (line.startsWith("# {")) {
                expectBody(line.substring(2), last);
            }
        }
        assertThat(nodes).hasSize(3);
        assertThat(requests).isEqualTo(2);
    }

    /** Starts the node of one {@code ./helix serve} line with the exported variables and its own assignments. */
    private void start(Matcher serve) throws IOException {
        Map<String, String> nodeEnv = new HashMap<>(env);
        Matcher assignment = ASSIGNMENT.matcher(serve.group(1));
        while (assignment.find()) {
            nodeEnv.put(assignment.group(1), assignment.group(2));
        }
        Path data = Files.createTempDirectory("helix-" + Path.of(serve.group(3)).getFileName());
        dirs.add(data);
        Helix node = Helix.create(ConfigLoader.builder()
                        .withoutFile()
                        .env(nodeEnv)
                        .flag("server.port", "0", "--port")
                        .flag("storage.dataDir", data.toString(), "--data-dir")
                        .load()
                        .config())
                .start();
        nodes.add(node);
        byPort.put(serve.group(2), new HelixClient("http://127.0.0.1:" + node.port(), env.get("HELIX_ADMIN_KEY")));
    }

    /** Sends one curl line to the node standing for its port, with its method, headers and body. */
    private HelixClient.Reply send(String line) {
        Matcher curl = CURL.matcher(line);
        assertThat(curl.matches()).isTrue();
        assertThat(line).contains("-H \"Authorization: Bearer $HELIX_ADMIN_KEY\"");
        HelixClient node = byPort.get(curl.group(1));
        assertThat(node).as("a node serves port %s", curl.group(1)).isNotNull();
        Matcher method = METHOD.matcher(line);
        Matcher body = BODY.matcher(line);
        String contentType = null;
        List<String> headers = new ArrayList<>();
        Matcher header = HEADER.matcher(line);
        while (header.find()) {
            if (header.group(1).equalsIgnoreCase("Content-Type")) {
                contentType = header.group(2);
            } else {
                headers.add(header.group(1));
                headers.add(header.group(2));
            }
        }
        HelixClient.Reply reply = node.send(
                method.find() ? method.group(1) : "GET",
                curl.group(2),
                node.adminKey(),
                contentType,
                body.find() ? body.group(1) : null,
                headers.toArray(String[]::new));
        assertThat(reply.status()).as(line + ": " + reply.body()).isBetween(200, 299);
        return reply;
    }

    /** The last request's node comes to answer {@code expected} (it follows the other nodes within milliseconds). */
    private void expectBody(String expected, HelixClient.Reply last) throws IOException {
        assertThat(last).as("a request before %s", expected).isNotNull();
        JsonNode want = JSON.readTree(expected);
        String path = last.raw().uri().getPath();
        HelixClient node = byPort.values().stream()
                .filter(c -> last.raw().uri().toString().startsWith(c.base() + "/"))
                .findFirst()
                .orElseThrow();
        Await.until(
                "the node answers " + expected, () -> want.equals(node.get(path).json()));
    }

    /** The example's lines, continuation lines joined, blank lines left out. */
    private static List<String> exampleLines() throws IOException {
        String docs = Files.readString(DocsExamplesTest.ROOT.resolve("docs/operations.md"));
        int at = docs.indexOf(HEADING);
        assertThat(at).as("docs/operations.md has the section " + HEADING).isNotNegative();
        Matcher block = SH_BLOCK.matcher(docs);
        assertThat(block.find(at)).isTrue();
        return block.group(1)
                .replace("\\\n", " ")
                .lines()
                .map(l -> l.strip().replaceAll("\\s+", " "))
                .filter(l -> !l.isEmpty())
                .toList();
    }
}
