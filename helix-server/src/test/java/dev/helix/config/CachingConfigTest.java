package dev.helix.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caching section: route policies and invalidations, read from text, with errors that say what is wrong. */
class CachingConfigTest {
    @TempDir
    Path dir;

    private static HelixConfig.Caching load(String key, String value) {
        return ConfigLoader.builder()
                .env(Map.of())
                .flag(key, value, "--set " + key)
                .load()
                .config()
                .caching();
    }

    @Test
    void theDefaultsCacheStatusAgentsStateAndCommandsWithTheirTags() {
        HelixConfig.Caching c = HelixConfig.defaults().caching();
        assertThat(c.enabled()).isTrue();
        assertThat(c.routes())
                .extracting(HelixConfig.Caching.Route::template)
                .containsExactly(
                        "/status",
                        "/api/v1/agents",
                        "/api/v1/agents/{id}",
                        "/api/v1/state",
                        "/api/v1/commands",
                        "/api/v1/commands/{name}");
        HelixConfig.Caching.Route state = c.route("/api/v1/state").orElseThrow();
        assertThat(state.scope()).isEqualTo(HelixConfig.Caching.Scope.ROLE);
        assertThat(state.query()).containsExactly("path");
        assertThat(state.tags()).containsExactly("state");
        assertThat(c.route("/status").orElseThrow().stale()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.invalidations())
                .containsEntry("state.changed", List.of("state", "status"))
                .containsEntry("agents.changed", List.of("agents", "status"));
    }

    @Test
    void aRouteWithoutScopeIsPerPrincipalAndOptionsHaveDefaults() {
        HelixConfig.Caching.Route r =
                load("caching.routes", "/api/v1/me").routes().getFirst();
        assertThat(r.scope()).isEqualTo(HelixConfig.Caching.Scope.PRINCIPAL);
        assertThat(r.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.stale()).isZero();
        assertThat(r.tags()).isEmpty();
        assertThat(load("caching.routes", "  ;  ").routes()).isEmpty();
    }

    @Test
    void aYamlFileMayWriteTheRoutesOverSeveralLines() throws IOException {
        Path f = dir.resolve("helix.yaml");
        Files.writeString(
                f,
                "caching:\n  routes: >-\n    /status ttl=2s scope=shared tags=status;\n"
                        + "    /api/v1/agents ttl=1m scope=shared tags=agents\n");
        HelixConfig.Caching c =
                ConfigLoader.builder().file(f).env(Map.of()).load().config().caching();
        assertThat(c.routes()).hasSize(2);
        assertThat(c.routes().get(1).ttl()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void mistakesInRoutesNameTheRouteAndWhatIsWrong() {
        assertThatThrownBy(() -> load("caching.routes", "/status tll=1s"))
                .hasMessageContaining("caching.routes")
                .hasMessageContaining("unknown option 'tll'");
        assertThatThrownBy(() -> load("caching.routes", "/status ttl=soon"))
                .hasMessageContaining("/status: ttl must be a duration");
        assertThatThrownBy(() -> load("caching.routes", "/status ttl=0s")).hasMessageContaining("ttl must be above 0");
        assertThatThrownBy(() -> load("caching.routes", "/status scope=everyone"))
                .hasMessageContaining("scope must be shared, role or principal");
        assertThatThrownBy(() -> load("caching.routes", "/status; /status")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> load("caching.routes", "status ttl=1s"))
                .hasMessageContaining("is not a route template");
        assertThatThrownBy(() -> load("caching.routes", "/status tags=Bad!")).hasMessageContaining("tags item 'Bad!'");
        assertThatThrownBy(() -> load("caching.routes", "/status ttl"))
                .hasMessageContaining("is not a name=value option");
    }

    @Test
    void mistakesInInvalidationsAreRefused() {
        assertThat(load("caching.invalidations", "state.*=state; *=status").invalidations())
                .containsEntry("state.*", List.of("state"));
        assertThatThrownBy(() -> load("caching.invalidations", "state.changed"))
                .hasMessageContaining("caching.invalidations")
                .hasMessageContaining("is not event.type=tag,tag");
        assertThatThrownBy(() -> load("caching.invalidations", "a=x; a=y")).hasMessageContaining("listed twice");
    }
}
