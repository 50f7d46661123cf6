package dev.helix.gateway.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A cached answer as bytes for Redis: a version byte, the deployment, then either the body or the stream's chunks,
 * each length-prefixed. Anything that does not read back whole and within {@link ResponseCache#MAX_ENTRY_BYTES} is
 * treated as no entry.
 */
final class AnswerCodec {
    private static final int VERSION = 1;
    private static final int BODY = 0;
    private static final int CHUNKS = 1;

    private AnswerCodec() {}

    static byte[] encode(ResponseCache.Answer answer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(answer.bytes() + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(answer.deployment());
            if (answer.body() != null) {
                out.writeByte(BODY);
                writeBlock(out, answer.body());
            } else {
                out.writeByte(CHUNKS);
                out.writeInt(answer.chunks().size());
                for (byte[] chunk : answer.chunks()) {
                    writeBlock(out, chunk);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The answer in {@code stored}, or null if it is not one this version wrote. */
    static ResponseCache.@Nullable Answer decode(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            if (in.readUnsignedByte() != VERSION) {
                return null;
            }
            String deployment = in.readUTF();
            int kind = in.readUnsignedByte();
            int[] budget = {ResponseCache.MAX_ENTRY_BYTES};
            ResponseCache.Answer answer;
            if (kind == BODY) {
                answer = new ResponseCache.Answer(readBlock(in, budget), List.of(), deployment);
            } else if (kind == CHUNKS) {
                int count = in.readInt();
                if (count < 0 || count > ResponseCache.MAX_ENTRY_BYTES) {
                    return null;
                }
                List<byte[]> chunks = new ArrayList<>(Math.min(count, 1024));
                for (int i = 0; i < count; i++) {
                    chunks.add(readBlock(in, budget));
                }
                answer = new ResponseCache.Answer(null, chunks, deployment);
            } else {
                return null;
            }
            return in.read() == -1 ? answer : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
        out.writeInt(block.length);
        out.write(block);
    }

    private static byte[] readBlock(DataInputStream in, int[] budget) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > budget[0]) {
            throw new IllegalArgumentException("a block larger than what is left of the entry's size");
        }
        budget[0] -= length;
        byte[] block = in.readNBytes(length);
        if (block.length != length) {
            throw new EOFException("the entry ends inside a block");
        }
        return block;
    }
}
