package dev.helix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.HelixServerExtension;
import dev.helix.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and generated inputs against a real server: no answer of 5xx but 501 for a transfer coding Helix does not
 * implement (there is no upstream here to blame), no
 * connection left hanging, and the server healthy afterwards. The corpus is seeded; set {@code -Dhelix.fuzz.seed}
 * to replay another, {@code -Dhelix.fuzz.count} for a longer run.
 */
@Timeout(600)
class EdgeFuzzTest {
    private static final long SEED = Long.getLong("helix.fuzz.seed", 20261207L);
    private static final int COUNT = Integer.getInteger("helix.fuzz.count", 400);

    /** What RFC 9112 prescribes for a transfer coding the server does not implement: the client's choice, not a fault. */
    private static final int NOT_IMPLEMENTED = 501;

    @RegisterExtension
    static final HelixServerExtension server = new HelixServerExtension();

    @Test
    void noInputGetsAServerErrorOrHangsAndTheServerStaysHealthy() {
        RawHttp raw = new RawHttp(server.helix().port(), 15_000);
        List<HostileInputs.Input> corpus = new HostileInputs(SEED, server.adminKey()).corpus(COUNT);
        List<String> failures = new ArrayList<>();
        int answered = 0;
        for (HostileInputs.Input input : corpus) {
            try {
                RawHttp.Answer answer = raw.send(input.bytes());
                answered += answer.status() > 0 ? 1 : 0;
                if (answer.status() >= 500 && answer.status() != NOT_IMPLEMENTED) {
                    failures.add(input.label() + " -> " + answer.status() + " " + snippet(answer.body()));
                }
            } catch (RawHttp.Hang e) {
                failures.add(input.label() + " -> " + e.getMessage());
            }
        }
        System.out.printf(
                "edge fuzz: seed %d, %d inputs, %d answered, %d closed without an answer, %d failures%n",
                SEED, corpus.size(), answered, corpus.size() - answered, failures.size());
        assertThat(failures)
                .as("inputs answered with 5xx or left hanging (seed %d)", SEED)
                .isEmpty();
        assertThat(server.client().get("/health/ready", null).status()).isEqualTo(200);
        assertThat(server.client().get("/api/v1/me").status()).isEqualTo(200);
    }

    private static String snippet(String body) {
        String oneLine = new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace('\n', ' ');
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }
}
