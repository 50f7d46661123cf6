package dev.helix.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/**
 * Which {@link Fault}, if any, a request gets. A fault named by the request's own headers wins and consumes nothing;
 * otherwise the next scripted fault is consumed (one per request, in order, whatever the endpoint); otherwise the
 * standing fault of {@link MockLlmServer#alwaysFail}, if set, applies.
 *
 * <p>Headers: {@code x-mock-status: 503} (with optional {@code x-mock-retry-after: 2}, seconds) or
 * {@code x-mock-fault: html|garbage|truncated|hang|cut|empty|reset|slow}; {@code x-mock-status} wins when both are
 * present. {@code x-mock-latency-ms: 250} overrides the configured latency. A malformed value is answered with 400.
 */
final class Faults {
    static final String STATUS_HEADER = "x-mock-status";
    static final String RETRY_AFTER_HEADER = "x-mock-retry-after";
    static final String FAULT_HEADER = "x-mock-fault";
    static final String LATENCY_HEADER = "x-mock-latency-ms";

    private final ConcurrentLinkedQueue<Fault> scripted = new ConcurrentLinkedQueue<>();
    private volatile @Nullable Fault always;

    void failNext(int count, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, not " + count);
        }
        for (int i = 0; i < count; i++) {
            scripted.add(fault);
        }
    }

    void always(Fault fault) {
        always = Objects.requireNonNull(fault, "fault");
    }

    void clear() {
        always = null;
        scripted.clear();
    }

    /** The fault for {@code request}, or {@code null} for a normal answer. */
    @Nullable
    Fault next(RecordedRequest request) {
        Fault own = fromHeaders(request);
        if (own != null) {
            return own;
        }
        Fault next = scripted.poll();
        return next != null ? next : always;
    }

    /** The latency for {@code request}: its {@code x-mock-latency-ms} header, else {@code configured}. */
    static Duration latency(RecordedRequest request, Duration configured) {
        String header = request.header(LATENCY_HEADER);
        return header == null ? configured : Duration.ofMillis(number(LATENCY_HEADER, header, 0, 3_600_000));
    }

    private static @Nullable Fault fromHeaders(RecordedRequest request) {
        String status = request.header(STATUS_HEADER);
        if (status != null) {
            int code = (int) number(STATUS_HEADER, status, 400, 599);
            String retryAfter = request.header(RETRY_AFTER_HEADER);
            return retryAfter == null
                    ? Fault.status(code)
                    : Fault.status(code, Duration.ofSeconds(number(RETRY_AFTER_HEADER, retryAfter, 0, 86_400)));
        }
        String fault = request.header(FAULT_HEADER);
        return fault == null ? null : Fault.named(fault);
    }

    private static long number(String header, String value, long min, long max) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(
                header + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
    }
}
