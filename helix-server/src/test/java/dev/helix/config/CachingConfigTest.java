package dev.helix.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    void byDefaultTheRoutesAreUnsetSoEachRouteIsCachedAsItDeclaresAndEventsInvalidateTheirTags() {
        HelixConfig.Caching c = HelixConfig.defaults().caching();
        assertThat(c.enabled()).isTrue();
        assertThat(c.routes()).isEmpty();
        assertThat(c.route("/api/v1/state")).isEmpty();
        assertThat(c.invalidations())
                .containsEntry("state.changed", List.of("state", "status"))
                .containsEntry("agents.changed", List.of("agents", "status"));
    }

    @Test
    void setRoutesAreReadWithTheirPoliciesAndAnEmptyValueIsSetToo() {
        HelixConfig.Caching c = load(
                "caching.routes",
                "/status ttl=1s stale=2s scope=shared tags=status; "
                        + "/api/v1/state ttl=5m scope=role query=path tags=state");
        assertThat(c.routes().orElseThrow())
                .extracting(HelixConfig.Caching.Route::template)
                .containsExactly("/status", "/api/v1/state");
        HelixConfig.Caching.Policy state =
                c.route("/api/v1/state").orElseThrow().policy();
        assertThat(state.scope()).isEqualTo(HelixConfig.Caching.Scope.ROLE);
        assertThat(state.query()).containsExactly("path");
        assertThat(state.tags()).containsExactly("state");
        assertThat(c.route("/status").orElseThrow().policy().stale()).isEqualTo(Duration.ofSeconds(2));
        assertThat(load("caching.routes", "").routes()).contains(List.of());
    }

    @Test
    void aRouteIsWrittenBackAsTheTextItWasReadFrom() {
        String text = "/status ttl=1s stale=2s scope=shared tags=status; "
                + "/api/v1/state ttl=5m maxAge=10s scope=role query=path,v tags=state,x; "
                + "/api/v1/me ttl=200ms scope=principal";
        assertThat(load("caching.routes", text).routes().orElseThrow().stream()
                        .map(HelixConfig.Caching.Route::text)
                        .collect(Collectors.joining("; ")))
                .isEqualTo(text);
    }

    @Test
    void aRouteWithoutScopeIsPerPrincipalAndOptionsHaveDefaults() {
        HelixConfig.Caching.Policy r = load("caching.routes", "/api/v1/me")
                .routes()
                .orElseThrow()
                .getFirst()
                .policy();
        assertThat(r.scope()).isEqualTo(HelixConfig.Caching.Scope.PRINCIPAL);
        assertThat(r.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.stale()).isZero();
        assertThat(r.tags()).isEmpty();
        assertThat(load("caching.routes", "  ;  ").routes()).contains(List.of());
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
        assertThat(c.routes().orElseThrow()).hasSize(2);
        assertThat(c.routes().orElseThrow().get(1).policy().ttl()).isEqualTo(Duration.ofMinutes(1));
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
