package dev.helix.bench;

import dev.helix.http.RequestObserver;
import dev.helix.monitor.RouteRecorder;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the performance monitor adds to every request: {@link RouteRecorder#served} with the system clock, as
 * {@code RequestFilter} calls it, against a no-op observer called the same way.
 *
 * <ul>
 *   <li>{@code noopObserver}: the same call into an observer that only consumes its arguments, the floor;</li>
 *   <li>{@code record}: one thread recording into one route;</li>
 *   <li>{@code recordTwoThreads}: two threads recording into the same route at once (the same slot's counters,
 *       the worst case for the atomic increments);</li>
 *   <li>{@code micrometerTimer}: for scale, what {@code http_server_requests_seconds} (a Micrometer timer with a
 *       percentile histogram in the Prometheus registry) costs per request, recorded already before this monitor.</li>
 * </ul>
 *
 * <p>Latencies cycle through 1,024 values spread log-uniformly from 50 µs to 2 s, so different buckets are hit.
 * The forked JVM gets the flags {@code ./helix} starts the server with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"})
public class RouteRecorderBenchmark {
    private static final String ROUTE = "/api/v1/agents/{id}";

    private RouteRecorder recorder;
    private RequestObserver noop;
    private PrometheusMeterRegistry registry;
    private Timer timer;

    /** Each thread's own position in the latency table. */
    @State(Scope.Thread)
    public static class Latencies {
        final long[] nanos = new long[1024];
        int next;

        @Setup
        public void fill() {
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < nanos.length; i++) {
                nanos[i] = (long) (50_000 * Math.pow(40_000, random.nextDouble()));
            }
        }

        long next() {
            return nanos[next++ & (nanos.length - 1)];
        }
    }

    @Setup
    public void setUp(Blackhole bh) {
        recorder = new RouteRecorder(Clock.systemUTC());
        noop = (method, route, status, nanos) -> {
            bh.consume(method);
            bh.consume(route);
            bh.consume(status);
            bh.consume(nanos);
        };
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        timer = Timer.builder("http.server.requests")
                .tag("method", "GET")
                .tag("route", ROUTE)
                .tag("status", "200")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    @TearDown
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    public void noopObserver(Latencies l) {
        noop.served("GET", ROUTE, 200, l.next());
    }

    @Benchmark
    public void record(Latencies l) {
        recorder.served("GET", ROUTE, 200, l.next());
    }

    @Benchmark
    @Threads(2)
    public void recordTwoThreads(Latencies l) {
        recorder.served("GET", ROUTE, 200, l.next());
    }

    @Benchmark
    public void micrometerTimer(Latencies l) {
        timer.record(l.next(), TimeUnit.NANOSECONDS);
    }
}
