package dev.helix.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.RouteClass;
import dev.helix.http.Access;
import dev.helix.http.RouteInterceptor.Route;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which class a route is in, and whose bucket a public request uses. */
class RouteClassesTest {
    @Test
    void routesFallIntoTheirClasses() {
        assertThat(RouteClasses.of(new Route("POST", "/v1/chat/completions", Access.AUTHENTICATED)))
                .isEqualTo(RouteClass.GATEWAY);
        assertThat(RouteClasses.of(new Route("POST", "/api/v1/commands", Access.AUTHENTICATED)))
                .isEqualTo(RouteClass.COMMANDS);
        assertThat(RouteClasses.of(new Route("GET", "/api/v1/commands/{name}", Access.AUTHENTICATED)))
                .isEqualTo(RouteClass.COMMANDS);
        assertThat(RouteClasses.of(new Route("GET", "/api/v1/keys", Access.ADMIN)))
                .isEqualTo(RouteClass.ADMIN);
        assertThat(RouteClasses.of(new Route("GET", "/metrics", Access.ADMIN))).isEqualTo(RouteClass.ADMIN);
        assertThat(RouteClasses.of(new Route("GET", "/status", Access.PUBLIC))).isEqualTo(RouteClass.PUBLIC);
        assertThat(RouteClasses.of(new Route("GET", "/api/v1/state", Access.AUTHENTICATED)))
                .isEqualTo(RouteClass.DEFAULT);
        assertThat(RouteClasses.of(new Route("GET", "/api/v1/commandsx", Access.AUTHENTICATED)))
                .isEqualTo(RouteClass.DEFAULT);
    }

    @Test
    void healthProbesAreNeverLimitedAndStreamsHoldNoPlace() {
        assertThat(RouteClasses.of(new Route("GET", "/health/live", Access.PUBLIC)))
                .isNull();
        assertThat(RouteClasses.of(new Route("GET", "/health/ready", Access.PUBLIC)))
                .isNull();
        assertThat(RouteClasses.longLived(new Route("GET", "/api/v1/events", Access.AUTHENTICATED)))
                .isTrue();
        assertThat(RouteClasses.longLived(new Route("GET", "/v1/models", Access.AUTHENTICATED)))
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
