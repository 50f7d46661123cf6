package dev.helix.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseReaderTest {
    private static SseReader reader(String text) {
        return new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eventsAreSplitOnBlankLinesWithNamesAndJoinedData() throws IOException {
        SseReader r = reader(": comment\r\nevent: delta\r\ndata: a\r\ndata:b\r\n\r\ndata: c\n\ndata: tail");
        SseReader.Event first = r.next();
        assertThat(first.name()).isEqualTo("delta");
        assertThat(first.text()).isEqualTo("a\nb");
        assertThat(r.next().text()).isEqualTo("c");
        assertThat(r.next().text()).isEqualTo("tail");
        assertThat(r.next()).isNull();
    }

    @Test
    void eventsAndLinesLongerThanTheReadBufferArriveWholeWhateverTheChunking() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.append("data: {\"n\":")
                    .append(i)
                    .append(",\"pad\":\"")
                    .append("x".repeat(300))
                    .append("\"}\n\n");
        }
        String longLine = "y".repeat(10_000);
        text.append("data: ").append(longLine).append("\n\n");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        InputStream dribble = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7)); // as a slow upstream might hand them over
            }
        };
        SseReader r = new SseReader(dribble);
        for (int i = 0; i < 40; i++) {
            assertThat(r.next().text())
                    .startsWith("{\"n\":" + i + ",")
                    .endsWith("\"}")
                    .hasSize(315 + digits(i));
        }
        assertThat(r.next().text()).isEqualTo(longLine);
        assertThat(r.next()).isNull();
    }

    private static int digits(int i) {
        return Integer.toString(i).length();
    }

    @Test
    void skipRestReadsToTheEndWithinTheBound() throws IOException {
        SseReader r = reader("data: [DONE]\n\n" + "x".repeat(100));
        assertThat(r.next().text()).isEqualTo("[DONE]");
        assertThat(r.skipRest(4096)).isTrue();
    }

    @Test
    void skipRestGivesUpOnALongTail() throws IOException {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        assertThat(new SseReader(endless).skipRest(100_000)).isFalse();
    }
}
