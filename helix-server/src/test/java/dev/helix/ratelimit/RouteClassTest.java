package dev.helix.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.http.Access;
import dev.helix.http.RouteInterceptor.Route;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which class a route is in, and whose bucket a public request uses. */
class RouteClassTest {
    @Test
    void routesFallIntoTheirClasses() {
        assertThat(RouteClass.of(new Route("POST", "/v1/chat/completions", Access.AUTHENTICATED)))
                .isEqualTo(RouteClass.GATEWAY);
        assertThat(RouteClass.of(new Route("POST", "/api/v1/commands", Access.AUTHENTICATED)))
                .isEqualTo(RouteClass.COMMANDS);
        assertThat(RouteClass.of(new Route("GET", "/api/v1/commands/{name}", Access.AUTHENTICATED)))
                .isEqualTo(RouteClass.COMMANDS);
        assertThat(RouteClass.of(new Route("GET", "/api/v1/keys", Access.ADMIN)))
                .isEqualTo(RouteClass.ADMIN);
        assertThat(RouteClass.of(new Route("GET", "/metrics", Access.ADMIN))).isEqualTo(RouteClass.ADMIN);
        assertThat(RouteClass.of(new Route("GET", "/status", Access.PUBLIC))).isEqualTo(RouteClass.PUBLIC);
        assertThat(RouteClass.of(new Route("GET", "/api/v1/state", Access.AUTHENTICATED)))
                .isEqualTo(RouteClass.DEFAULT);
        assertThat(RouteClass.of(new Route("GET", "/api/v1/commandsx", Access.AUTHENTICATED)))
                .isEqualTo(RouteClass.DEFAULT);
    }

    @Test
    void healthProbesAreNeverLimitedAndStreamsHoldNoPlace() {
        assertThat(RouteClass.of(new Route("GET", "/health/live", Access.PUBLIC)))
                .isNull();
        assertThat(RouteClass.of(new Route("GET", "/health/ready", Access.PUBLIC)))
                .isNull();
        assertThat(RouteClass.longLived(new Route("GET", "/api/v1/events", Access.AUTHENTICATED)))
                .isTrue();
        assertThat(RouteClass.longLived(new Route("GET", "/v1/models", Access.AUTHENTICATED)))
                .isFalse();
    }

    @Test
    void longPollsOfMailboxesAndRequestsWaitingForAnAnswerHoldNoPlace() {
        String messages = "/api/v1/agents/{id}/messages";
        assertThat(RouteClass.longLived(new Route("GET", messages, Access.AUTHENTICATED)))
                .isTrue();
        assertThat(RouteClass.longLived(new Route("POST", "/api/v1/agents/{id}/requests", Access.AUTHENTICATED)))
                .isTrue();
        assertThat(RouteClass.longLived(new Route("POST", messages, Access.AUTHENTICATED)))
                .as("posting is quick: counted")
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
