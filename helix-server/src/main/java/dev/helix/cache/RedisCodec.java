package dev.helix.cache;

import dev.helix.http.StoredResponse;
import dev.helix.internal.Sha256;
import io.helidon.http.Header;
import io.helidon.http.HeaderValues;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a cached response is stored in Redis: a version mark, the full cache key (checked on read, so a hash collision
 * can never serve another request's body), the headers and the body. Keys are the SHA-256 of the cache key plus the
 * epochs of the route's tags, so an invalidation (a new epoch) makes older entries unreachable at once.
 */
final class RedisCodec {
    private static final int MAGIC = 0x48584331; // "HXC1"
    private static final int MAX_HEADERS = 64;

    private RedisCodec() {}

    static byte[] key(String prefix, String cacheKey, long[] epochs) {
        StringBuilder sb = new StringBuilder(prefix.length() + 80)
                .append(prefix)
                .append(":r:")
                .append(HexFormat.of().formatHex(Sha256.of(cacheKey), 0, 16))
                .append(':');
        for (int i = 0; i < epochs.length; i++) {
            sb.append(i == 0 ? "" : ".").append(epochs[i]);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The stored form, or null when it cannot be stored (a header too long for the format). */
    static byte @Nullable [] encode(String cacheKey, StoredResponse response) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(response.body().length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(cacheKey);
            List<Header> headers = response.headers();
            out.writeShort(headers.size());
            for (Header h : headers) {
                out.writeUTF(h.name());
                out.writeUTF(h.get());
            }
            out.writeInt(response.body().length);
            out.write(response.body());
        } catch (IOException e) {
            return null;
        }
        return bytes.toByteArray();
    }

    /** The response stored in {@code data} for {@code cacheKey}, or null if it is for another key or unreadable. */
    static @Nullable StoredResponse decode(byte[] data, String cacheKey) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC || !in.readUTF().equals(cacheKey)) {
                return null;
            }
            int count = in.readUnsignedShort();
            if (count > MAX_HEADERS) {
                return null;
            }
            List<Header> headers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                headers.add(HeaderValues.create(in.readUTF(), in.readUTF()));
            }
            int length = in.readInt();
            if (length < 0 || length > data.length) {
                return null;
            }
            byte[] body = in.readNBytes(length);
            return body.length == length ? StoredResponse.restore(headers, body) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
