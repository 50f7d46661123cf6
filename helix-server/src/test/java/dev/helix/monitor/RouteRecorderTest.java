package dev.helix.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.helix.monitor.advice.Figures;
import dev.helix.testing.TestClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteRecorderTest {
    private static final long MS = 1_000_000;
    /** Ten seconds into a minute, 20 minutes after the recorder started. */
    private final TestClock clock = new TestClock("2026-11-26T09:40:00Z");

    private final RouteRecorder recorder = new RouteRecorder(clock);

    RouteRecorderTest() {
        clock.set(java.time.Instant.parse("2026-11-26T10:00:10Z"));
    }

    private void serve(String method, String route, int status, long nanos, int times) {
        for (int i = 0; i < times; i++) {
            recorder.served(method, route, status, nanos);
        }
    }

    @Test
    void percentilesCountsAndErrorsOfOneWindow() {
        serve("GET", "/api/v1/state", 200, 2 * MS, 90);
        serve("GET", "/api/v1/state", 200, 40 * MS, 8);
        serve("GET", "/api/v1/state", 404, 1 * MS, 1);
        serve("GET", "/api/v1/state", 503, 1_500 * MS, 1);
        Figures.RouteWindow w = recorder.window("GET", "/api/v1/state", 1);
        assertThat(w.requests()).isEqualTo(100);
        assertThat(w.p50Ms()).isCloseTo(2.0, within(2.0 * 0.07));
        assertThat(w.p95Ms()).isCloseTo(40.0, within(40 * 0.07));
        assertThat(w.p99Ms()).isCloseTo(40.0, within(40 * 0.07));
        assertThat(w.clientErrors()).isEqualTo(1);
        assertThat(w.serverErrors()).isEqualTo(1);
        assertThat(w.errorRate()).isEqualTo(0.01);
        assertThat(w.seconds()).isEqualTo(70.0);
        assertThat(w.perSecond()).isCloseTo(100 / 70.0, within(0.001));
    }

    @Test
    void theSlowestRequestIsTheMaximumPercentileWhenRare() {
        serve("POST", "/api/v1/commands", 200, 1_500 * MS, 1);
        serve("POST", "/api/v1/commands", 200, MS, 99);
        assertThat(recorder.window("POST", "/api/v1/commands", 5).p99Ms()).isCloseTo(1.0, within(0.07));
        serve("POST", "/api/v1/commands", 200, 1_500 * MS, 1);
        assertThat(recorder.window("POST", "/api/v1/commands", 5).p99Ms()).isCloseTo(1_500.0, within(1_500 * 0.07));
    }

    @Test
    void aMinuteRollsOverIntoTheLongerWindows() {
        serve("GET", "/status", 200, MS, 10);
        clock.advance(Duration.ofMinutes(1));
        serve("GET", "/status", 500, MS, 5);
        assertThat(recorder.window("GET", "/status", 1).requests()).isEqualTo(15);
        clock.advance(Duration.ofMinutes(1));
        assertThat(recorder.window("GET", "/status", 1).requests()).isEqualTo(5);
        assertThat(recorder.window("GET", "/status", 1).serverErrors()).isEqualTo(5);
        assertThat(recorder.window("GET", "/status", 5).requests()).isEqualTo(15);
        assertThat(recorder.window("GET", "/status", 5).errorRate()).isEqualTo(0.3333);
    }

    @Test
    void requestsExpireFromTheFifteenMinuteWindowAfterFifteenWholeMinutes() {
        serve("GET", "/status", 200, MS, 10);
        clock.advance(Duration.ofMinutes(15));
        assertThat(recorder.window("GET", "/status", 15).requests()).isEqualTo(10);
        assertThat(recorder.window("GET", "/status", 5).requests()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(recorder.window("GET", "/status", 15).requests()).isZero();
        assertThat(recorder.figures()).isEmpty();
    }

    @Test
    void aSlotIsReusedCleanlyWhenTheRingComesRound() {
        serve("GET", "/status", 200, MS, 10);
        clock.advance(Duration.ofMinutes(RouteRecorder.SLOTS));
        serve("GET", "/status", 200, MS, 3);
        assertThat(recorder.window("GET", "/status", 15).requests()).isEqualTo(3);
    }

    @Test
    void justAfterStartTheWindowCoversOnlyTheTimeSinceStart() {
        TestClock fresh = new TestClock("2026-11-26T10:00:50Z");
        RouteRecorder r = new RouteRecorder(fresh);
        fresh.advance(Duration.ofSeconds(20));
        r.served("GET", "/status", 200, MS);
        assertThat(r.window("GET", "/status", 15).seconds()).isEqualTo(20.0);
        assertThat(r.window("GET", "/status", 15).perSecond()).isEqualTo(0.05);
    }

    @Test
    void figuresListActiveRoutesByRouteThenMethodWithAllThreeWindows() {
        serve("PUT", "/api/v1/state", 200, MS, 1);
        serve("GET", "/api/v1/state", 200, MS, 2);
        serve("GET", "/api/v1/agents", 200, MS, 3);
        List<Figures.Route> routes = recorder.figures();
        assertThat(routes)
                .extracting(Figures.Route::name)
                .containsExactly("GET /api/v1/agents", "GET /api/v1/state", "PUT /api/v1/state");
        Figures.Route agents = routes.getFirst();
        assertThat(agents.windows().lastMinute().requests()).isEqualTo(3);
        assertThat(agents.windows().last5Minutes().requests()).isEqualTo(3);
        assertThat(agents.windows().last15Minutes().requests()).isEqualTo(3);
    }

    @Test
    void unmatchedRequestsAreOneSeriesWhateverTheirMethod() {
        recorder.served("GET", RouteRecorder.UNMATCHED, 404, MS);
        recorder.served("BREW", RouteRecorder.UNMATCHED, 405, MS);
        recorder.served("PROPFIND", RouteRecorder.UNMATCHED, 405, MS);
        assertThat(recorder.figures()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("* UNMATCHED");
            assertThat(r.windows().lastMinute().clientErrors()).isEqualTo(3);
        });
    }

    @Test
    void seriesBeyondTheBoundShareOne() {
        for (int i = 0; i < RouteRecorder.MAX_SERIES + 5; i++) {
            recorder.served("GET", "/r/" + i, 200, MS);
        }
        List<Figures.Route> routes = recorder.figures();
        assertThat(routes).hasSize(RouteRecorder.MAX_SERIES + 1);
        assertThat(routes)
                .filteredOn(r -> r.route().equals("OTHER"))
                .singleElement()
                .satisfies(r -> assertThat(r.windows().lastMinute().requests()).isEqualTo(5));
    }

    @Test
    void windowsAreOneToFifteenMinutes() {
        assertThatThrownBy(() -> recorder.window("GET", "/status", 16)).isInstanceOf(IllegalArgumentException.class);
        assertThat(recorder.window("GET", "/never", 1).requests()).isZero();
        assertThat(recorder.window("GET", "/never", 1).p50Ms()).isNull();
    }
}
