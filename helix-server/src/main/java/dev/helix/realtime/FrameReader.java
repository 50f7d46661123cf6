package dev.helix.realtime;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsCloseException;

/**
 * Reads the frames a WebSocket client sends and holds them to RFC 6455: no reserved bits (no extension is ever
 * negotiated), no reserved opcodes, masked, control frames whole and at most 125 bytes, continuations only inside a
 * fragmented message, text that is UTF-8, close frames with a code a client may send. A frame that breaks a rule
 * throws {@link WsCloseException} carrying the close code for it: 1002 (protocol error), 1007 (invalid payload) or
 * 1009 (too big).
 */
final class FrameReader {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    static final int MAX_CONTROL_PAYLOAD = 125;

    private final DataReader reader;
    private final int maxFrameLength;
    private final Utf8Decoder text = new Utf8Decoder();
    /** The opcode of the fragmented message being received, or CONTINUATION when none is. */
    private int fragmented = CONTINUATION;

    FrameReader(DataReader reader, int maxFrameLength) {
        this.reader = reader;
        this.maxFrameLength = maxFrameLength;
    }

    /** The next frame; blocks until it has arrived whole. */
    ClientFrame next() {
        int first = reader.read() & 0xFF;
        int second = reader.read() & 0xFF;
        int opcode = first & 0x0F;
        boolean fin = (first & 0x80) != 0;
        checkHeader(first, opcode, fin, (second & 0x80) != 0);
        byte[] payload = payload(opcode, length(second & 0x7F));
        return opcode >= CLOSE ? control(opcode, payload) : data(opcode, fin, payload);
    }

    /** Whether a client may close with {@code code}: RFC 6455 §7.4 and the IANA registry. */
    static boolean clientMayClose(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    private static void checkHeader(int first, int opcode, boolean fin, boolean masked) {
        if ((first & 0x70) != 0) {
            throw protocolError("reserved bits set, but no extension was negotiated");
        }
        if ((opcode > BINARY && opcode < CLOSE) || opcode > PONG) {
            throw protocolError("reserved opcode 0x" + Integer.toHexString(opcode));
        }
        if (opcode >= CLOSE && !fin) {
            throw protocolError("control frames must not be fragmented");
        }
        if (!masked) {
            throw protocolError("client frames must be masked");
        }
    }

    private long length(int code) {
        if (code < 126) {
            return code;
        }
        byte[] bytes = reader.readBytes(code == 126 ? 2 : 8);
        long length = 0;
        for (byte b : bytes) {
            length = length << 8 | (b & 0xFF);
        }
        if (length < 0) {
            throw protocolError("the payload length has its most significant bit set");
        }
        return length;
    }

    private byte[] payload(int opcode, long length) {
        if (opcode >= CLOSE && length > MAX_CONTROL_PAYLOAD) {
            throw protocolError("a control frame of " + length + " bytes; at most " + MAX_CONTROL_PAYLOAD + " allowed");
        }
        if (length > maxFrameLength) {
            throw new WsCloseException(
                    "a frame of " + length + " bytes; at most " + maxFrameLength + " (realtime.maxMessageSize)",
                    WsCloseCodes.TOO_BIG);
        }
        byte[] mask = reader.readBytes(4);
        byte[] payload = length == 0 ? new byte[0] : reader.readBytes((int) length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return payload;
    }

    private ClientFrame data(int opcode, boolean fin, byte[] payload) {
        int type = opcode;
        if (opcode == CONTINUATION) {
            if (fragmented == CONTINUATION) {
                throw protocolError("a continuation frame, but no fragmented message to continue");
            }
            type = fragmented;
        } else if (fragmented != CONTINUATION) {
            throw protocolError("a new message began before the fragmented one ended");
        }
        fragmented = fin ? CONTINUATION : type;
        return type == TEXT
                ? new ClientFrame.Text(text.decode(payload, fin), fin)
                : new ClientFrame.Binary(BufferData.create(payload), fin);
    }

    private static ClientFrame control(int opcode, byte[] payload) {
        return switch (opcode) {
            case PING -> new ClientFrame.Ping(payload);
            case PONG -> new ClientFrame.Pong(payload);
            default -> close(payload);
        };
    }

    private static ClientFrame close(byte[] payload) {
        if (payload.length == 0) {
            return new ClientFrame.Close(WsCloseCodes.NO_STATUS_CODE, "");
        }
        if (payload.length == 1) {
            throw protocolError("a close payload of 1 byte; a close code takes 2");
        }
        int code = (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
        if (!clientMayClose(code)) {
            throw protocolError("close code " + code + " is reserved or unassigned");
        }
        return new ClientFrame.Close(code, Utf8Decoder.decodeWhole(payload, 2, "the close reason"));
    }

    private static WsCloseException protocolError(String message) {
        return new WsCloseException(message, WsCloseCodes.PROTOCOL_ERROR);
    }
}
