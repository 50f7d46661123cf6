package dev.helix.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code curl} examples of a section of a Markdown file, as tests run them: every {@code curl} line of the
 * section's {@code sh} blocks (backslash continuations joined) with its method, path, headers and body, and the
 * status the comment on the next line promises ({@code # 201 …}; none: any 2xx).
 */
public final class CurlExamples {
    /** Where the docs are: the repository root. */
    public static final Path ROOT = Path.of(System.getProperty("helix.repoRoot", ".."));

    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern URL = Pattern.compile("\"?localhost:8080(/[^\"\\s]*)\"?");
    private static final Pattern METHOD = Pattern.compile("-X (\\w+)");
    private static final Pattern BODY = Pattern.compile("-d '([^']*)'");
    private static final Pattern HEADER = Pattern.compile("-H ['\"]([A-Za-z-]+): ([^'\"]*)['\"]");
    private static final Pattern STATUS = Pattern.compile("# (\\d{3}) .*");

    /**
     * One curl example.
     *
     * @param method  the HTTP method ({@code -X}, GET without)
     * @param path    the path and query after {@code localhost:8080}
     * @param headers the {@code -H} headers but {@code Authorization} and {@code Content-Type}
     * @param body    the {@code -d} body, or null
     * @param status  the status the comment after it promises, or 0 for any 2xx
     */
    public record Example(String method, String path, Map<String, String> headers, String body, int status) {
        /** The headers as name/value pairs, for {@link HelixClient#send}. */
        public String[] headerPairs() {
            List<String> pairs = new ArrayList<>();
            headers.forEach((n, v) -> {
                pairs.add(n);
                pairs.add(v);
            });
            return pairs.toArray(String[]::new);
        }

        /** Fails unless {@code reply} has the promised status (any 2xx if none was promised). */
        public void check(HelixClient.Reply reply) {
            if (status != 0) {
                assertThat(reply.status()).as(this + ": " + reply.body()).isEqualTo(status);
            } else {
                assertThat(reply.status()).as(this + ": " + reply.body()).isBetween(200, 299);
            }
        }
    }

    private CurlExamples() {}

    /** The examples of the section of {@code file} (relative to the repository root) that starts with {@code heading}. */
    public static List<Example> of(String file, String heading) {
        String text;
        try {
            text = Files.readString(ROOT.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = text.indexOf(heading + "\n");
        assertThat(start).as("%s has a section '%s'", file, heading).isNotNegative();
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
        Map<String, String> headers = new LinkedHashMap<>();
        Matcher header = HEADER.matcher(curl);
        while (header.find()) {
            String name = header.group(1);
            if (!name.equalsIgnoreCase("Authorization") && !name.equalsIgnoreCase("Content-Type")) {
                headers.put(name, header.group(2));
            }
        }
        return new Example(
                method.find() ? method.group(1) : "GET",
                url.group(1),
                headers,
                body.find() ? body.group(1) : null,
                status.matches() ? Integer.parseInt(status.group(1)) : 0);
    }
}
