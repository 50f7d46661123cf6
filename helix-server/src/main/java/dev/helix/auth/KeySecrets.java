package dev.helix.auth;

import dev.helix.internal.Sha256;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The API-key secret format: {@code hx_} then 43 base62 characters carrying 256 random bits. Only the SHA-256
 * of a secret is stored; with 256 bits of entropy a fast hash is as safe as a slow one and keeps checks cheap.
 */
public final class KeySecrets {
    /** Every secret starts with this, so it is easy to recognise (and to scan for in leaked text). */
    public static final String PREFIX = "hx_";
    /** How many characters of a secret are kept to recognise it in listings. */
    static final int SHOWN_CHARS = 10;

    private static final int BODY_CHARS = 43;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern WELL_FORMED = Pattern.compile("hx_[A-Za-z0-9]{40,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecrets() {}

    /** A new random secret. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        BigInteger n = new BigInteger(1, bytes);
        BigInteger base = BigInteger.valueOf(ALPHABET.length());
        char[] body = new char[BODY_CHARS];
        for (int i = BODY_CHARS - 1; i >= 0; i--) {
            BigInteger[] qr = n.divideAndRemainder(base);
            body[i] = ALPHABET.charAt(qr[1].intValue());
            n = qr[0];
        }
        return PREFIX + new String(body);
    }

    /** Whether {@code token} could be a Helix key at all (checked before any lookup). */
    public static boolean isWellFormed(@Nullable String token) {
        return token != null && WELL_FORMED.matcher(token).matches();
    }

    /** The stored form of a secret: lower-case hex SHA-256. */
    public static String hash(String secret) {
        return Sha256.hex(secret);
    }

    /** The part of a secret shown in listings. */
    public static String shownPrefix(String secret) {
        return secret.substring(0, SHOWN_CHARS);
    }
}
