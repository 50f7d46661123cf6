package dev.helix.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
}
