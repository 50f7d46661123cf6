package dev.helix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helix config check} checks every section as {@code serve} does, and prints the gateway section too. */
class ConfigCheckCommandTest {
    private static final String GATEWAY = """
            gateway:
              providers:
                - id: openai
                  kind: openai
                  baseUrl: http://127.0.0.1:9/v1
                  apiKey: sk-very-secret-1234
                  headers: {X-Org-Token: org-secret-99}
              models:
                - name: fast
                  strategy: cost
                  deployments: [{provider: openai, model: gpt-4o-mini}]
                  fallbacks: [smart]
            """;

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("helix.yaml"), yaml);
    }

    @Test
    void anUndefinedFallbackModelIsRefusedByCheckAndServeAlike() throws IOException {
        Path file = write(GATEWAY);
        Run check = run("config", "check", "--config", file.toString(), "--data-dir", dir.toString());
        assertThat(check.status()).isEqualTo(2);
        assertThat(check.err()).contains("gateway.models[0].fallbacks").contains("'smart'");
        Run serve = run("serve", "--config", file.toString(), "--data-dir", dir.toString(), "--port", "0");
        assertThat(serve.status()).isEqualTo(2);
        assertThat(serve.err()).isEqualTo(check.err());
    }

    @Test
    void anUnknownStrategyIsRefusedByCheck() throws IOException {
        Path file = write(GATEWAY.replace("fallbacks: [smart]", "fallbacks: []").replace("cost", "cheapest"));
        Run check = run("config", "check", "--config", file.toString(), "--data-dir", dir.toString());
        assertThat(check.status()).isEqualTo(2);
        assertThat(check.err())
                .contains("gateway.models[0].strategy")
                .contains("'cheapest'")
                .contains("expected cost, weighted, latency or ordered");
    }

    @Test
    void theGatewaySectionIsPrintedWithItsDefaultsAndSecretsMasked() throws IOException {
        Path file = write(GATEWAY.replace("fallbacks: [smart]", "fallbacks: []"));
        Run check = run("config", "check", "--config", file.toString(), "--data-dir", dir.toString());
        assertThat(check.status()).as(check.err()).isZero();
        assertThat(check.out())
                .contains("gateway:")
                .contains("- id: openai")
                .contains("apiKey: '****'")
                .contains("X-Org-Token: '****'")
                .contains("firstByte: 1m")
                .contains("- name: fast")
                .contains("model: gpt-4o-mini")
                .contains("attempts: 3")
                .contains("ttl: 10m")
                .doesNotContain("sk-very-secret")
                .doesNotContain("org-secret");
    }

    @Test
    void agentsNamingUnknownModelsOrCommandsAreWarnedAboutWithTheClosestMatch() throws IOException {
        Path file = write(GATEWAY.replace("fallbacks: [smart]", "fallbacks: []") + """
                agents:
                  - id: helper
                    name: Helper
                    model: fats
                    commands: [status, sttus]
                """);
        Run check = run("config", "check", "--config", file.toString(), "--data-dir", dir.toString());
        assertThat(check.status()).as(check.err()).isZero();
        assertThat(check.out())
                .contains("with 2 warning(s)")
                .contains("# WARNING: " + file + ":16 agents[0].model: 'fats' is not a model of the gateway; "
                        + "did you mean 'fast'?")
                .contains("# WARNING: " + file + ":17 agents[0].commands: 'sttus' is not a command; "
                        + "did you mean 'status'?");
    }

    @Test
    void checkShowsARenamedKeyUnderItsNewNameAndWarnsAboutTheOldOne() throws IOException {
        Path file = write("caching:\n  http2: true\n");
        Run check = run("config", "check", "--config", file.toString(), "--data-dir", dir.toString());
        assertThat(check.status()).isZero();
        assertThat(check.out())
                .contains("with 1 warning(s)")
                .contains("# WARNING: config key caching.http2 (from file helix.yaml line 2) is now server.http2")
                .contains("  http2: true   # file helix.yaml line 2, old name caching.http2");
        String caching = check.out().substring(check.out().indexOf("\ncaching:"));
        assertThat(caching.substring(0, caching.indexOf("\n\n"))).doesNotContain("http2");
    }

    @Test
    void unsetCacheRoutesShowTheRoutesOwnPoliciesAndSetOnesShowWhatIsSet() throws IOException {
        Run unset = run(
                "config",
                "check",
                "--config",
                write("caching:\n  enabled: true\n").toString(),
                "--data-dir",
                dir.toString());
        assertThat(unset.status()).as(unset.err()).isZero();
        assertThat(unset.out())
                .contains("  # routes: \"/status ttl=1s stale=2s scope=shared tags=status; /api/v1/agents ttl=5m ")
                .contains("/api/v1/commands/{name} ttl=5m scope=role tags=commands\"   # default (not set)");

        Run set = run(
                "config",
                "check",
                "--config",
                write("caching:\n  routes: \"\"\n").toString(),
                "--data-dir",
                dir.toString());
        assertThat(set.status()).as(set.err()).isZero();
        assertThat(set.out())
                .contains("  routes: \"\"   # file helix.yaml line 2")
                .doesNotContain("# routes:");
    }
}
