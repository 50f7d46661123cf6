package dev.helix.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.access.Role;
import dev.helix.auth.KeysApi;
import dev.helix.commands.CommandsApi;
import dev.helix.config.RouteClass;
import dev.helix.gateway.GatewayApi;
import dev.helix.health.HealthChecks;
import dev.helix.http.HttpFeature;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import dev.helix.messaging.MessagesApi;
import dev.helix.monitor.MonitorApi;
import dev.helix.monitor.StatusReport;
import dev.helix.realtime.RealtimeApi;
import dev.helix.state.StateApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which class each route is in, as the features that register the routes declare, and whose bucket a public request uses. */
class RouteClassTest {
    private static final Routes ROUTES = new Routes();

    static {
        Clock clock = Clock.systemUTC();
        StatusReport status = new StatusReport(
                new HealthChecks(clock),
                new StatusReport.Facts("node", "sqlite", Map.of(), clock.instant()),
                clock,
                Map::of);
        List<HttpFeature> features = List.of(
                new MonitorApi(status, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), false),
                new KeysApi(null),
                new StateApi(null, Role.USER),
                new CommandsApi(null),
                new GatewayApi(null, clock),
                new RealtimeApi(null, null, () -> true, null),
                new MessagesApi(null, Role.USER),
                routes -> routes.get("/api/v1/commandsx", (req, res) -> {}));
        features.forEach(f -> f.register(ROUTES));
    }

    private static RouteTraits traits(String method, String template) {
        return ROUTES.traits(method, template).orElseThrow(() -> new AssertionError("no route " + template));
    }

    private static RouteClass classOf(String method, String template) {
        return traits(method, template).routeClass().orElse(null);
    }

    @Test
    void routesFallIntoTheirClasses() {
        assertThat(classOf("POST", GatewayApi.CHAT)).isEqualTo(RouteClass.GATEWAY);
        assertThat(classOf("POST", CommandsApi.COMMANDS)).isEqualTo(RouteClass.COMMANDS);
        assertThat(classOf("GET", CommandsApi.COMMAND)).isEqualTo(RouteClass.COMMANDS);
        assertThat(classOf("GET", KeysApi.KEYS)).isEqualTo(RouteClass.ADMIN);
        assertThat(classOf("GET", MonitorApi.METRICS)).isEqualTo(RouteClass.ADMIN);
        assertThat(classOf("GET", MonitorApi.STATUS)).isEqualTo(RouteClass.PUBLIC);
        assertThat(classOf("GET", StateApi.STATE)).isEqualTo(RouteClass.DEFAULT);
        assertThat(classOf("GET", "/api/v1/commandsx")).isEqualTo(RouteClass.DEFAULT);
    }

    @Test
    void healthProbesAreNeverLimitedAndStreamsHoldNoPlace() {
        assertThat(classOf("GET", MonitorApi.LIVE)).isNull();
        assertThat(classOf("GET", MonitorApi.READY)).isNull();
        assertThat(traits("GET", RealtimeApi.EVENTS).longLived()).isTrue();
        assertThat(traits("GET", GatewayApi.MODELS).longLived()).isFalse();
    }

    @Test
    void longPollsOfMailboxesAndRequestsWaitingForAnAnswerHoldNoPlace() {
        assertThat(traits("GET", MessagesApi.MESSAGES).longLived()).isTrue();
        assertThat(traits("POST", MessagesApi.REQUESTS).longLived()).isTrue();
        assertThat(traits("POST", MessagesApi.MESSAGES).longLived())
                .as("posting is quick: counted")
                .isFalse();
        assertThat(traits("GET", MessagesApi.MESSAGES).queryToken())
                .as("a long poll is no browser stream: the key comes in the header")
                .isFalse();
    }

    @Test
    void theForwardedClientIsTheLastEntryAndOnlyALiteralAddress() throws Exception {
        assertThat(ClientAddress.forwarded(List.of("198.51.100.1, 203.0.113.7")))
                .isEqualTo(InetAddress.getByName("203.0.113.7"));
        assertThat(ClientAddress.forwarded(List.of("198.51.100.1", "203.0.113.9:4711")))
                .isEqualTo(InetAddress.getByName("203.0.113.9"));
        assertThat(ClientAddress.forwarded(List.of("[2001:db8::1]:443")))
                .isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(ClientAddress.forwarded(List.of("2001:db8::1"))).isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(ClientAddress.forwarded(List.of())).isNull();
        assertThat(ClientAddress.forwarded(List.of("unknown"))).isNull();
        assertThat(ClientAddress.forwarded(List.of("cafe"))).isNull();
        assertThat(ClientAddress.forwarded(List.of("example.com"))).isNull();
        assertThat(ClientAddress.forwarded(List.of("203.0.113.7, "))).isNull();
    }

    @Test
    void ipv6CallersAreCountedPerSlash64() throws Exception {
        assertThat(ClientAddress.key(InetAddress.getByName("2001:db8:1:2:aaaa::1")))
                .isEqualTo(ClientAddress.key(InetAddress.getByName("2001:db8:1:2:bbbb::2")))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.key(InetAddress.getByName("2001:db8:1:3::1"))).isEqualTo("2001:db8:1:3::/64");
        assertThat(ClientAddress.key(InetAddress.getByName("203.0.113.7"))).isEqualTo("203.0.113.7");
    }
}
