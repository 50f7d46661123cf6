package dev.helix.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import java.io.CharConversionException;
import java.io.DataInput;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import org.jspecify.annotations.Nullable;

/**
 * The JSON factory behind {@link Json#mapper()}: every parser it makes refuses bytes that are not well-formed UTF-8
 * (Jackson's own decoder reads the overlong {@code C0 AF} as {@code /}) and numbers a double cannot hold
 * ({@link RangeCheckedParser}). Bytes are checked before parsing, with {@link Utf8}; a stream as it is read.
 * Parsers over {@code DataInput} and the non-blocking ones are not offered, as they could not be checked the same way.
 */
final class StrictJsonFactory extends JsonFactory {
    StrictJsonFactory(JsonFactoryBuilder builder) {
        super(builder);
    }

    private StrictJsonFactory(StrictJsonFactory source, @Nullable ObjectCodec codec) {
        super(source, codec);
    }

    @Override
    public JsonFactory copy() {
        return new StrictJsonFactory(this, null);
    }

    @Override
    protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
        int bad = Utf8.firstInvalid(data, offset, len);
        if (bad >= 0) {
            throw notUtf8(data, bad, offset);
        }
        return new RangeCheckedParser(super._createParser(data, offset, len, ctxt));
    }

    @Override
    protected JsonParser _createParser(InputStream in, IOContext ctxt) throws IOException {
        return new RangeCheckedParser(super._createParser(new CheckedStream(in), ctxt));
    }

    @Override
    protected JsonParser _createParser(Reader r, IOContext ctxt) throws IOException {
        return new RangeCheckedParser(super._createParser(r, ctxt));
    }

    @Override
    protected JsonParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
            throws IOException {
        return new RangeCheckedParser(super._createParser(data, offset, len, ctxt, recyclable));
    }

    @Override
    protected JsonParser _createParser(DataInput input, IOContext ctxt) {
        throw new UnsupportedOperationException("Helix parses JSON from bytes, streams and text, not DataInput");
    }

    @Override
    public boolean canParseAsync() {
        return false;
    }

    @Override
    public JsonParser createNonBlockingByteArrayParser() {
        throw new UnsupportedOperationException("Helix does not parse JSON with non-blocking parsers");
    }

    @Override
    public JsonParser createNonBlockingByteBufferParser() {
        throw new UnsupportedOperationException("Helix does not parse JSON with non-blocking parsers");
    }

    private static CharConversionException notUtf8(byte[] data, int bad, int offset) {
        String what = Utf8.describe(data, bad) + " at byte " + (bad - offset);
        return new CharConversionException(
                data[bad] == 0
                        ? what + " (JSON text is UTF-8 and has none)"
                        : what + " are not well-formed UTF-8 (JSON text must be UTF-8)");
    }

    /** A stream that checks its bytes are UTF-8 as they are read. */
    private static final class CheckedStream extends FilterInputStream {
        private final Utf8 check = new Utf8();

        CheckedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            long bad = n < 0 ? check.end() : check.feed(b, off, n);
            if (bad >= 0) {
                throw new CharConversionException("the byte sequence at byte " + bad + " is not well-formed UTF-8 "
                        + "(JSON text must be UTF-8, with no NUL bytes)");
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[Math.clamp(n, 0, 8192)];
            long left = n;
            int read = 0;
            while (left > 0 && read >= 0) {
                read = read(skipped, 0, (int) Math.min(left, skipped.length));
                left -= Math.max(read, 0);
            }
            return n - left;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
