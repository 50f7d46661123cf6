package dev.helix.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void nestingDeeperThanTheLimitIsRefused() throws Exception {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.mapper().readTree(ok).isArray()).isTrue();
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Json.mapper().readTree(deep)).isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void timesAreWrittenAsIsoStrings() {
        assertThat(new String(Json.bytes(Map.of("at", Instant.parse("2026-01-02T03:04:05Z")))))
                .isEqualTo("{\"at\":\"2026-01-02T03:04:05Z\"}");
    }

    @Test
    void idsAreTimeOrderedAndPrefixed() {
        Ids early = new Ids(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        Ids late = new Ids(Clock.fixed(Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC));
        String a = early.next("key");
        String b = late.next("key");
        assertThat(a).matches("key_[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(a).isLessThan(b);
        assertThat(early.next("key")).isNotEqualTo(a);
    }

    @Test
    void idsMadeInOneMillisecondKeepTheOrderTheyWereMadeIn() {
        Ids ids = new Ids(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        String previous = ids.next("conv");
        for (int i = 0; i < 1000; i++) {
            String next = ids.next("conv");
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedBeforeParsing() {
        byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        assertThatThrownBy(() -> Json.mapper().readTree(overlong))
                .isInstanceOf(CharConversionException.class)
                .hasMessage("the bytes C0 AF 22 at byte 1 are not well-formed UTF-8 (JSON text must be UTF-8)");
        byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> Json.mapper().readTree(utf16))
                .isInstanceOf(CharConversionException.class)
                .hasMessage("a NUL byte at byte 1 (JSON text is UTF-8 and has none)");
        assertThatThrownBy(() -> Json.mapper().readTree(new ByteArrayInputStream(overlong)))
                .isInstanceOf(CharConversionException.class)
                .hasMessageContaining("at byte 1");
        byte[] cut = {'"', (byte) 0xE2, (byte) 0x82};
        assertThatThrownBy(() -> Json.mapper().readTree(new ByteArrayInputStream(cut)))
                .isInstanceOf(CharConversionException.class);
    }

    @Test
    void aMemberGivenTwiceIsRefused() {
        assertThatThrownBy(() -> Json.mapper().readTree("{\"a\":[{\"b\":1,\"b\":2}]}"))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Duplicate field 'b'");
        assertThatThrownBy(() -> Json.mapper().readValue("{\"x\":1,\"x\":1}", Map.class))
                .isInstanceOf(JsonParseException.class);
    }

    @Test
    void numbersADoubleCannotHoldAreRefusedNamingTheMember() throws Exception {
        assertThatThrownBy(() -> Json.mapper().readTree("{\"a\":{\"b\":[0,-1E400]}}"))
                .isInstanceOf(InputCoercionException.class)
                .hasMessageStartingWith("the number -1E400 in member 'a.b[1]' is beyond the range of a double");
        assertThatThrownBy(() -> Json.mapper().readTree("[2e-324]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("the number 2e-324 in member '[0]' is not 0 but nearer to 0");
        assertThatThrownBy(() -> Json.mapper().readTree("1" + "0".repeat(400)))
                .hasMessageStartingWith("the number 1000000000");
        assertThat(Json.mapper()
                        .readTree("[0e-999,-0.0,4.9e-324,1.7976931348623157e308,1" + "0".repeat(300) + "]")
                        .toString())
                .startsWith("[0.0,-0.0,4.9E-324,1.7976931348623157E308,1000");
    }

    @Test
    void memberPathsReadLikeCode() throws Exception {
        try (JsonParser p = Json.mapper().createParser("{\"m\":[{\"r\":1}]}")) {
            while (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                assertThat(p.currentToken()).isNotNull();
            }
            assertThat(Json.memberPath(p.getParsingContext())).isEqualTo("m[0].r");
        }
    }
}
