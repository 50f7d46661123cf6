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
