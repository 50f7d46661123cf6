package dev.helix.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    private static int firstInvalid(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Utf8.firstInvalid(b, 0, b.length);
    }

    @Test
    void wellFormedTextFromEveryRowOfTheTablePasses() {
        byte[] text = "a/é€𝄞\u007F\uD7FF\uE000\uFFFF\uDBFF\uDFFF".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstInvalid(text, 0, text.length)).isEqualTo(-1);
        assertThat(firstInvalid(0xF0, 0x90, 0x80, 0x80)).isEqualTo(-1);
        assertThat(firstInvalid(0xF4, 0x8F, 0xBF, 0xBF)).isEqualTo(-1);
        assertThat(firstInvalid()).isEqualTo(-1);
    }

    @Test
    void overlongFormsAreRefusedAtTheirFirstByte() {
        assertThat(firstInvalid('x', 0xC0, 0xAF)).isEqualTo(1);
        assertThat(firstInvalid(0xC1, 0xBF)).isZero();
        assertThat(firstInvalid('x', 'y', 0xE0, 0x80, 0xAF)).isEqualTo(2);
        assertThat(firstInvalid(0xE0, 0x9F, 0xBF)).isZero();
        assertThat(firstInvalid(0xF0, 0x80, 0x80, 0xAF)).isZero();
        assertThat(firstInvalid(0xF0, 0x8F, 0xBF, 0xBF)).isZero();
    }

    @Test
    void surrogatesCodePointsBeyondUnicodeAndStrayBytesAreRefused() {
        assertThat(firstInvalid(0xED, 0xA0, 0x80)).isZero();
        assertThat(firstInvalid(0xED, 0xBF, 0xBF)).isZero();
        assertThat(firstInvalid(0xF4, 0x90, 0x80, 0x80)).isZero();
        assertThat(firstInvalid(0xF5, 0x80, 0x80, 0x80)).isZero();
        assertThat(firstInvalid(0xFE)).isZero();
        assertThat(firstInvalid('a', 0x80)).isEqualTo(1);
        assertThat(firstInvalid(0xC3, 'a')).isZero();
    }

    @Test
    void aSequenceCutShortAndNulBytesAreRefused() {
        assertThat(firstInvalid('a', 0xE2, 0x82)).isEqualTo(1);
        assertThat(firstInvalid('{', 0, '}', 0)).isEqualTo(1);
    }

    @Test
    void textFedInPiecesIsCheckedAcrossTheirBorders() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        Utf8 check = new Utf8();
        assertThat(check.feed(euro, 0, 1)).isEqualTo(-1);
        assertThat(check.end()).as("cut after one byte").isZero();
        assertThat(check.feed(euro, 1, 2)).isEqualTo(-1);
        assertThat(check.end()).isEqualTo(-1);
        byte[] overlong = {'a', (byte) 0xE0, (byte) 0x80};
        Utf8 second = new Utf8();
        assertThat(second.feed(overlong, 0, 2)).isEqualTo(-1);
        assertThat(second.feed(overlong, 2, 1)).isEqualTo(1);
    }

    @Test
    void describeShowsTheBytesOrNamesANul() {
        byte[] b = {'a', (byte) 0xC0, (byte) 0xAF, 'b', 'c', 'd'};
        assertThat(Utf8.describe(b, 1)).isEqualTo("the bytes C0 AF 62 63");
        assertThat(Utf8.describe(new byte[] {0}, 0)).isEqualTo("a NUL byte");
    }
}
