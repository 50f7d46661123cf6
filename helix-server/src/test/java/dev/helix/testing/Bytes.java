package dev.helix.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Request bodies byte by byte, for bytes no Java string encodes (overlong UTF-8, lone surrogates, stray bytes). */
public final class Bytes {
    private Bytes() {}

    /** {@code parts} joined: each {@code Integer} is one byte, anything else its text in UTF-8. */
    public static byte[] of(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(part.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
