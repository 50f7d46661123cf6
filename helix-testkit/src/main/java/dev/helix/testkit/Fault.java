package dev.helix.testkit;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failure the {@link MockLlmServer} plays instead of (or in the middle of) a normal answer, so clients can be
 * tested against misbehaving providers. Create one with the factory methods; script it with
 * {@link MockLlmServer#failNext(int, Fault)} or {@link MockLlmServer#alwaysFail(Fault)}, or ask for it per request
 * with the {@code x-mock-status} / {@code x-mock-fault} headers.
 *
 * @param kind       what goes wrong
 * @param status     the HTTP status of a {@link Kind#STATUS} fault, else 0
 * @param retryAfter the {@code Retry-After} a {@link Kind#STATUS} fault sends, or {@code null} for none
 */
public record Fault(Kind kind, int status, @Nullable Duration retryAfter) {

    /** The kinds of failure, each named as in the {@code x-mock-fault} header (lower case). */
    public enum Kind {
        /** An error status with the provider's error body (and {@code Retry-After} when given). */
        STATUS,
        /** 200 with a {@code text/html} page, as a captive portal or a misrouted proxy sends. */
        HTML,
        /** 200 {@code application/json} whose body is not JSON. */
        GARBAGE,
        /**
         * The answer cut in the middle but correctly framed: a body of half the JSON with a matching
         * {@code Content-Length}, or a stream that ends cleanly in the middle of an event, without its end marker.
         */
        TRUNCATED,
        /** The request is read and never answered, until the client leaves, the server closes, or 60 s pass. */
        HANG,
        /**
         * The connection is closed abruptly mid-answer: a stream after two events, a body after the headers and half
         * of the announced {@code Content-Length}.
         */
        CUT,
        /** 200 with an empty body. */
        EMPTY,
        /** The connection is closed at once, without any response. */
        RESET,
        /**
         * The normal answer, sent slowly: a body (with its {@code Content-Length}) in
         * {@link MockLlmServer.Options#chunks()} pieces {@link MockLlmServer.Options#chunkSpacing()} apart, flushing
         * each, as a provider that is slow to deliver a long answer; a stream as usual (already paced that way).
         */
        SLOW
    }

    /** Checks the combination: a status only with {@link Kind#STATUS}, and one from 400 to 599. */
    public Fault {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.STATUS && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("a status fault needs a status from 400 to 599, not " + status);
        }
        if (kind != Kind.STATUS && (status != 0 || retryAfter != null)) {
            throw new IllegalArgumentException("only a status fault has a status and a Retry-After");
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("Retry-After must not be negative, not " + retryAfter);
        }
    }

    /** An error answer with {@code code} (400-599) and the provider's error body. */
    public static Fault status(int code) {
        return new Fault(Kind.STATUS, code, null);
    }

    /** An error answer with {@code code} and a {@code Retry-After} header of {@code retryAfter} (whole seconds, up). */
    public static Fault status(int code, Duration retryAfter) {
        return new Fault(Kind.STATUS, code, Objects.requireNonNull(retryAfter, "retryAfter"));
    }

    /** See {@link Kind#HTML}. */
    public static Fault html() {
        return new Fault(Kind.HTML, 0, null);
    }

    /** See {@link Kind#GARBAGE}. */
    public static Fault garbage() {
        return new Fault(Kind.GARBAGE, 0, null);
    }

    /** See {@link Kind#TRUNCATED}. */
    public static Fault truncated() {
        return new Fault(Kind.TRUNCATED, 0, null);
    }

    /** See {@link Kind#HANG}. */
    public static Fault hang() {
        return new Fault(Kind.HANG, 0, null);
    }

    /** See {@link Kind#CUT}. */
    public static Fault cut() {
        return new Fault(Kind.CUT, 0, null);
    }

    /** See {@link Kind#EMPTY}. */
    public static Fault empty() {
        return new Fault(Kind.EMPTY, 0, null);
    }

    /** See {@link Kind#RESET}. */
    public static Fault reset() {
        return new Fault(Kind.RESET, 0, null);
    }

    /** See {@link Kind#SLOW}. */
    public static Fault slow() {
        return new Fault(Kind.SLOW, 0, null);
    }

    /** The fault an {@code x-mock-fault} header names (any case), e.g. {@code cut}. */
    static Fault named(String name) {
        Kind kind;
        try {
            kind = Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            kind = null;
        }
        if (kind == null || kind == Kind.STATUS) {
            throw new IllegalArgumentException("x-mock-fault must be one of html, garbage, truncated, hang, cut, "
                    + "empty, reset, slow; not '" + name + "'");
        }
        return new Fault(kind, 0, null);
    }

    /** Whole seconds of {@link #retryAfter}, rounded up. */
    long retryAfterSeconds() {
        Duration wait = Objects.requireNonNull(retryAfter, "a rate-limit fault has a Retry-After");
        long seconds = wait.toSeconds();
        return wait.minusSeconds(seconds).isZero() ? seconds : seconds + 1;
    }
}
