package dev.helix.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Amounts of US dollars: how they are counted and how they are shown. Spend is counted in whole nano-dollars
 * (1e-9 USD) in {@code long}s, so sums are exact and the same on every node and in the database; a {@code double}
 * cost is rounded to the nearest nano-dollar once, when it is recorded.
 *
 * <p>Every amount Helix shows goes through here: {@link #plain} in headers and streams, {@link #json} (through
 * {@link Serializer} or {@link #jsonValue}) in JSON bodies, both plain decimals to the nano-dollar and never with an
 * exponent ({@code 0.00001868}, not {@code 1.868E-5}); {@link #format} in messages for people.
 */
public final class Money {
    static final long NANOS_PER_USD = 1_000_000_000L;
    private static final BigDecimal CENT = new BigDecimal("0.01");
    private static final MathContext TWO_DIGITS = new MathContext(2, RoundingMode.HALF_UP);

    private Money() {}

    public static long toNanos(double usd) {
        return Math.round(usd * NANOS_PER_USD);
    }

    /** Nano-dollars as dollars; exact for any amount below 2^53 nano-dollars (about 9 million dollars). */
    public static double toUsd(long nanos) {
        return nanos / (double) NANOS_PER_USD;
    }

    /**
     * Dollars for people: 2 to 4 decimals from a cent up ({@code 20.00}, {@code 20.0312}), and 2 significant digits
     * below a cent ({@code 0.000019}, {@code 0.000010}), so a small amount never reads as {@code 0.00}.
     */
    public static String format(double usd) {
        BigDecimal d = BigDecimal.valueOf(usd);
        if (d.signum() != 0 && d.abs().compareTo(CENT) < 0) {
            return d.round(TWO_DIGITS).toPlainString();
        }
        d = d.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 2 ? d.setScale(2, RoundingMode.UNNECESSARY).toPlainString() : d.toPlainString();
    }

    /** Dollars as a plain decimal to the nano-dollar, without trailing zeros: {@code 0}, {@code 0.00001868}. */
    public static String plain(double usd) {
        return BigDecimal.valueOf(usd)
                .setScale(9, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    /** Dollars as JSON number text: {@link #plain} with at least one decimal, {@code 20.0}, {@code 0.00001868}. */
    public static String json(double usd) {
        String plain = plain(usd);
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    /** Dollars as a value for a JSON map: Jackson writes it as the number {@link #json} gives. */
    public static Object jsonValue(double usd) {
        return new JsonUsd(usd);
    }

    /** Writes a {@code double} or {@code Double} property of dollars as {@link #json} does. */
    public static final class Serializer extends StdSerializer<Number> {
        public Serializer() {
            super(Number.class);
        }

        @Override
        public void serialize(Number value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(json(value.doubleValue()));
        }
    }

    /** An amount written as a plain JSON number wherever it appears, e.g. as a map value. */
    private record JsonUsd(double usd) implements JsonSerializable {
        @Override
        public void serialize(JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(json(usd));
        }

        @Override
        public void serializeWithType(JsonGenerator gen, SerializerProvider provider, TypeSerializer type)
                throws IOException {
            serialize(gen, provider);
        }

        @Override
        public String toString() {
            return json(usd);
        }
    }
}
