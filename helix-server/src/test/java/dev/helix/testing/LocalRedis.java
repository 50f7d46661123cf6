package dev.helix.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis for tests: {@link #shared(int)} is the machine's Redis (127.0.0.1:6379) with a database of the test's choice;
 * {@link #start()} runs a Redis of the test's own on a free loopback port, which the test may kill and restart (the
 * machine's is shared with every other test). Without Redis a test is skipped with one loud line, or fails under CI,
 * as {@link TestServices} does for PostgreSQL.
 */
public final class LocalRedis implements AutoCloseable {
    private static final String START_HINT = "start it with: redis-server --daemonize yes --bind 127.0.0.1 -::1 "
            + "--port 6379 --save \"\" --appendonly no";

    private final int port;
    private final Path dir;
    private Process process;

    private LocalRedis(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** The machine's Redis URL with database {@code db}; skips or fails the test if it does not answer. */
    public static String shared(int db) {
        if (!answers(6379)) {
            TestServices.unavailable("Redis at 127.0.0.1:6379", START_HINT);
        }
        return "redis://127.0.0.1:6379/" + db;
    }

    /** A key prefix no other test uses. */
    public static String uniquePrefix() {
        return "helix-test:" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /** Starts a Redis of this test's own on a free port (skips or fails the test if redis-server cannot run). */
    public static LocalRedis start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LocalRedis redis = new LocalRedis(port, Files.createTempDirectory("helix-redis"));
        redis.restart();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** Starts (again) on the same port and waits until it answers PING. */
    public void restart() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile());
        try {
            process = pb.start();
        } catch (IOException e) {
            TestServices.unavailable(
                    "redis-server (" + e.getMessage() + ")", "install it with apt-get install " + "redis-server");
        }
        String started = "redis-server on port " + port + " to start (see " + dir + ")";
        Await.until(started, Duration.ofSeconds(10), () -> answers(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IOException("redis-server on port " + port + " did not start; see " + dir);
        }
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Sends one command (inline syntax) and returns the first line of the answer. */
    public String command(String line) throws IOException {
        return send(port, line);
    }

    @Override
    public void close() throws IOException {
        if (process != null && process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dev.helix.internal.Folders.deleteTree(dir);
    }

    private static boolean answers(int port) {
        try {
            return send(port, "PING").startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static String send(int port, String line) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                sb.append((char) c);
            }
            return sb.toString().trim();
        }
    }
}
