package dev.helix.bench;

import dev.helix.http.GzipFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What gzip at the HTTP edge costs: Helix's {@code Gzip} (pooled {@code Deflater}s) on JSON bodies of 1 KB, 10 KB and
 * 100 KB cut from {@code bench/core-state.json} repeated with small changes (run from the repository root), at levels
 * 1 and 6 (the default). {@code main} prints the sizes before and after, for the bytes-saved column. The compressor
 * is reached through {@link GzipFixture}, from helix-server's test jar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC"})
public class GzipBenchmark {
    @Param({"1024", "10240", "102400"})
    public int size;

    @Param({"1", "6"})
    public int level;

    private GzipFixture gzip;
    private byte[] body;

    @Setup
    public void setUp() throws IOException {
        gzip = new GzipFixture(level);
        body = json(size);
    }

    @Benchmark
    public byte[] compress() {
        return gzip.compress(body);
    }

    /** A JSON-like body of exactly {@code size} bytes: the bench state document, repeated with varied keys. */
    static byte[] json(int size) throws IOException {
        Path seed = Path.of("bench/core-state.json");
        String doc = Files.isRegularFile(seed)
                ? Files.readString(seed).trim()
                : "{\"agent\":\"coordinator\",\"status\":\"idle\",\"tasks\":[1,2,3],\"note\":\"seed file missing\"}";
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; sb.length() < size; i++) {
            sb.append(i == 0 ? "" : ",").append(doc.replace("\"", "\"" + (char) ('a' + i % 7)));
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(all, size);
    }

    /** Prints size before and after for every body size and level. */
    public static void main(String[] args) throws IOException {
        System.out.println("| Body | Level | gzip bytes | Saved |");
        System.out.println("| ---: | ---: | ---: | ---: |");
        for (int size : new int[] {1024, 10240, 102400}) {
            byte[] body = json(size);
            for (int level : new int[] {1, 6, 9}) {
                int out = new GzipFixture(level).compress(body).length;
                System.out.printf("| %,d B | %d | %,d | %.1f%% |%n", size, level, out, 100.0 * (size - out) / size);
            }
        }
    }
}
