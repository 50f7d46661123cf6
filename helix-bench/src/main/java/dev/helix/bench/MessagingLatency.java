package dev.helix.bench;

import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.messaging.Draft;
import dev.helix.messaging.Mailboxes;
import dev.helix.messaging.Message;
import dev.helix.messaging.Priority;
import dev.helix.messaging.Recipients;
import dev.helix.storage.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Agent message post → taken, in process: one consumer long-polls an agent's mailbox on a virtual thread while the
 * producer posts one message at a time and waits for it to be taken, so each sample is the time from the start of
 * {@code post} to the return of the consumer's {@code take}: the insert, the wake-up and the taking statement. Also
 * times the post alone. Prints a Markdown table on stdout.
 *
 * <pre>
 * java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' dev.helix.bench.MessagingLatency \
 *     --messages 5000 --warmup 1000 [--database-url postgresql://postgres@127.0.0.1:5432/test]
 * </pre>
 *
 * Without {@code --database-url} it runs on SQLite in a temporary folder, with Helix's default storage settings.
 */
public final class MessagingLatency {
    private static final Set<String> OPTIONS = Set.of("messages", "warmup", "database-url");
    private static final String AGENT = "coder";

    private MessagingLatency() {}

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv, OPTIONS);
        int messages = args.number("messages", null, 5000, 1);
        int warmup = args.number("warmup", null, 1000, 0);
        String url = args.text("database-url", null, "");
        Path dir = Files.createTempDirectory("helix-messaging-bench");
        HelixConfig.Storage storage = HelixConfig.defaults().storage().toBuilder()
                .dataDir(dir)
                .databaseUrl(url)
                .build();
        try (Database db = Database.open(storage);
                ScheduledExecutorService checkpoints = Executors.newSingleThreadScheduledExecutor()) {
            db.migrate();
            // as a running Helix does: the log copied back every second, off the path of posts and takes
            ScheduledFuture<?> unused = checkpoints.scheduleAtFixedRate(db::checkpoint, 1, 1, TimeUnit.SECONDS);
            Mailboxes mailboxes = new Mailboxes(
                    db, HelixConfig.defaults().messaging(), only(AGENT), Clock.systemUTC(), new SimpleMeterRegistry());
            run(mailboxes, warmup);
            long[][] samples = run(mailboxes, messages);
            mailboxes.close();
            print(
                    db.describe(),
                    messages,
                    warmup,
                    new Latencies(samples[0], messages),
                    new Latencies(samples[1], messages));
        } finally {
            Folders.deleteTree(dir);
        }
    }

    /** Posts {@code count} messages one at a time; returns post→taken and post-alone times in nanoseconds. */
    private static long[][] run(Mailboxes mailboxes, int count) throws Exception {
        long[] taken = new long[count];
        long[] posted = new long[count];
        try (ExecutorService consumer = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                Future<Long> arrival = consumer.submit(() -> take(mailboxes));
                Thread.sleep(0, 200_000); // let the consumer reach its wait, as a waiting agent would be
                long started = System.nanoTime();
                mailboxes.post(new Draft(AGENT, Priority.NORMAL, "bench", "{\"n\":" + i + "}", null, null, "bench"));
                posted[i] = System.nanoTime() - started;
                taken[i] = arrival.get() - started;
            }
        }
        return new long[][] {taken, posted};
    }

    private static long take(Mailboxes mailboxes) {
        List<Message> got = mailboxes.take(AGENT, 1, Duration.ofSeconds(10));
        long at = System.nanoTime();
        if (got.isEmpty()) {
            throw new IllegalStateException("no message within 10 s");
        }
        mailboxes.ack(AGENT, got.getFirst().id());
        return at;
    }

    private static Recipients only(String agent) {
        return new Recipients() {
            @Override
            public boolean exists(String id) {
                return id.equals(agent);
            }

            @Override
            public Collection<String> ids() {
                return List.of(agent);
            }
        };
    }

    private static void print(String database, int messages, int warmup, Latencies taken, Latencies posted) {
        System.out.printf(
                "Database: %s; %d messages after %d warm-up, one at a time, consumer long-polling%n%n",
                database, messages, warmup);
        System.out.println("| Measure | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        System.out.printf(
                "| post → taken | %s | %s |%n", taken.at(50, 90, 99).replace(" / ", " | "), Latencies.ms(taken.max()));
        System.out.printf(
                "| post alone | %s | %s |%n", posted.at(50, 90, 99).replace(" / ", " | "), Latencies.ms(posted.max()));
    }
}
