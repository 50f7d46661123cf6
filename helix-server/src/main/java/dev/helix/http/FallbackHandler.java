package dev.helix.http;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Answers requests no route took: 405 with {@code Allow} if the path exists for other methods, else 404. */
final class FallbackHandler implements Handler {
    private record Template(String template, Pattern pattern, String method) {}

    private final List<Template> templates;

    FallbackHandler(List<Routes.Route> routes) {
        this.templates = routes.stream()
                .map(r -> new Template(r.template(), toPattern(r.template()), r.method()))
                .toList();
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        TreeSet<String> allowed = new TreeSet<>();
        String template = null;
        for (Template t : templates) {
            if (t.pattern().matcher(path).matches()) {
                allowed.add(t.method());
                template = t.template();
            }
        }
        String method = req.prologue().method().text();
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        if (allowed.isEmpty()) {
            throw ProblemException.notFound("no route for " + method + " " + path);
        }
        req.context().register(Requests.ROUTE, template);
        String allow = String.join(", ", allowed);
        throw new ProblemException(
                Problem.of(
                        405,
                        "method-not-allowed",
                        "Method not allowed",
                        method + " is not allowed on " + template + "; allowed: " + allow),
                Map.of("Allow", allow));
    }

    private static Pattern toPattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
