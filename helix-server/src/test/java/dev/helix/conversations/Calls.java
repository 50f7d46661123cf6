package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Json;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;
import java.util.ArrayList;
import java.util.List;

/** Calls of the conversations API for tests: a key, an optional end user (X-Helix-User) and a JSON body. */
final class Calls {
    static final String BASE = ConversationsApi.CONVERSATIONS;

    private final HelixClient client;

    Calls(HelixClient client) {
        this.client = client;
    }

    HelixClient client() {
        return client;
    }

    /** {@code method path} with {@code key} for {@code user} (null: none) and {@code body} (null: none). */
    Reply send(String method, String path, String key, String user, String body) {
        String type = body == null ? null : "application/json";
        return user == null
                ? client.send(method, path, key, type, body)
                : client.send(method, path, key, type, body, "X-Helix-User", user);
    }

    Reply get(String path, String key, String user) {
        return send("GET", path, key, user, null);
    }

    /** Sends {@code body} as a message to conversation {@code id}. */
    Reply say(String key, String user, String id, String body) {
        return send("POST", BASE + "/" + id + "/messages", key, user, body);
    }

    /** One Server-Sent Event: its name and its data. */
    record Sse(String event, JsonNode data) {}

    /** The events of a Server-Sent Events body, in order. */
    static List<Sse> events(String body) {
        List<Sse> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            if (event != null) {
                try {
                    out.add(new Sse(event, Json.mapper().readTree(data.toString())));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    /** Makes a conversation with {@code agent} and answers its id. */
    String create(String key, String user, String agent) {
        Reply r = send("POST", BASE, key, user, "{\"agent\":\"" + agent + "\",\"title\":\"t\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
