package dev.helix.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link MockLlmServer} as its own process, for benchmarks, until it is killed (SIGINT or SIGTERM close it).
 *
 * <pre>
 * java -cp 'helix-bench/target/libs/*' dev.helix.testkit.MockLlmMain \
 *     [--port 8090] [--latency-ms 0] [--chunks 5] [--chunk-spacing-ms 0] [--embedding-dimensions 8] \
 *     [--answer-words 0]
 * </pre>
 *
 * It prints {@code mock LLM listening on http://127.0.0.1:PORT/v1} once it accepts connections. Exit status 1 with
 * a message on bad usage.
 */
public final class MockLlmMain {
    private static final String USAGE = "usage: MockLlmMain [--port 8090] [--latency-ms 0] [--chunks 5] "
            + "[--chunk-spacing-ms 0] [--embedding-dimensions 8] [--answer-words 0]";

    private MockLlmMain() {}

    /** Starts the server the options describe and waits until the process is told to stop. */
    public static void main(String[] args) throws InterruptedException {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(1);
            return;
        }
        MockLlmServer server = MockLlmServer.start(settings.port(), settings.options());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "mock-llm-shutdown"));
        System.out.println("mock LLM listening on " + server.baseUrl());
        System.out.flush();
        stopped.await();
    }

    /** The port and options the command line asks for. */
    record Settings(int port, MockLlmServer.Options options) {}

    /** Parses {@code --name value} and {@code --name=value} options; unknown or malformed ones are rejected. */
    static Settings parse(String[] args) {
        int port = 8090;
        MockLlmServer.Options options = MockLlmServer.Options.defaults();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            switch (name) {
                case "--port" -> port = number(name, value, 0, 65_535);
                case "--latency-ms" ->
                    options = options.withLatency(Duration.ofMillis(number(name, value, 0, Integer.MAX_VALUE)));
                case "--chunks" -> options = options.withChunks(number(name, value, 1, 100_000));
                case "--chunk-spacing-ms" ->
                    options = options.withChunkSpacing(Duration.ofMillis(number(name, value, 0, Integer.MAX_VALUE)));
                case "--embedding-dimensions" ->
                    options = options.withEmbeddingDimensions(number(name, value, 1, 65_536));
                case "--answer-words" -> options = options.withAnswerWords(number(name, value, 0, 10_000));
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
        return new Settings(port, options);
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(
                name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }
}
