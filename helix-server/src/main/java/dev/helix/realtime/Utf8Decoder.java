package dev.helix.realtime;

import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsCloseException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of a text message that may arrive in several frames: bytes of a character split across
 * frames wait for the rest, and anything that is not UTF-8 (including overlong forms, surrogates and a message that
 * ends inside a character) fails with close code 1007.
 */
final class Utf8Decoder {
    private static final byte[] NONE = new byte[0];

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
    private byte[] pending = NONE;

    /** The characters {@code bytes} complete; {@code last} when they end the message. */
    String decode(byte[] bytes, boolean last) {
        ByteBuffer in = ByteBuffer.wrap(pending.length == 0 ? bytes : joined(bytes));
        CharBuffer out = CharBuffer.allocate(in.remaining());
        CoderResult result = decoder.decode(in, out, last);
        if (result.isError() || (last && decoder.flush(out).isError())) {
            throw invalid("a text message");
        }
        pending = last || !in.hasRemaining() ? NONE : remaining(in);
        if (last) {
            decoder.reset();
        }
        return out.flip().toString();
    }

    /** {@code bytes} from {@code offset} on, which must be UTF-8 on their own (a close reason). */
    static String decodeWhole(byte[] bytes, int offset, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(what);
        }
    }

    private byte[] joined(byte[] bytes) {
        byte[] all = new byte[pending.length + bytes.length];
        System.arraycopy(pending, 0, all, 0, pending.length);
        System.arraycopy(bytes, 0, all, pending.length, bytes.length);
        return all;
    }

    private static byte[] remaining(ByteBuffer in) {
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        return rest;
    }

    private static WsCloseException invalid(String what) {
        return new WsCloseException(what + " is not valid UTF-8", WsCloseCodes.NOT_CONSISTENT);
    }
}
