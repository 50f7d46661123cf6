package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixClient.Reply;

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

    /** Makes a conversation with {@code agent} and answers its id. */
    String create(String key, String user, String agent) {
        Reply r = send("POST", BASE, key, user, "{\"agent\":\"" + agent + "\",\"title\":\"t\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
