package dev.helix.monitor.advice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * More LLM requests were in flight at once (the 15-minute peak) than the heap comfortably holds. Each waits for its
 * provider holding about {@link #BYTES_PER_CALL} (its connection's buffers, its thread's stack, the request; measured
 * in BENCHMARKS.md); once they need more than {@link #HEAP_SHARE} of the heap, every young collection copies them and
 * the old generation fills with them, so latency rises well before memory runs out. Suggests a heap three times
 * their need, in steps of 64 MiB.
 */
public final class GatewayInFlightRule implements Rule {
    /** Heap held by one gateway request in flight (≈ 43 KB measured, rounded up). */
    public static final long BYTES_PER_CALL = 48 * 1024;
    /** The share of the heap the calls in flight may need before collections slow them. */
    public static final double HEAP_SHARE = 1.0 / 3;
    /** The share from which the heap is about to run out. */
    public static final double CRITICAL_SHARE = 2.0 / 3;
    /** Fewer calls in flight than this never call for advice. */
    public static final int MIN_CALLS = 100;

    private static final long STEP = 64L * 1024 * 1024;

    @Override
    public Optional<Recommendation> evaluate(Figures figures) {
        Figures.Gateway gateway = figures.gateway();
        Figures.Jvm jvm = figures.jvm();
        if (gateway == null || jvm == null || jvm.heapMaxBytes() <= 0 || gateway.peakCallsInFlight() < MIN_CALLS) {
            return Optional.empty();
        }
        long need = gateway.peakCallsInFlight() * BYTES_PER_CALL;
        double share = (double) need / jvm.heapMaxBytes();
        if (share <= HEAP_SHARE) {
            return Optional.empty();
        }
        long suggested = (need * 3 + STEP - 1) / STEP * STEP;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("window", "15m");
        evidence.put("peakCallsInFlight", gateway.peakCallsInFlight());
        evidence.put("callsInFlight", gateway.callsInFlight());
        evidence.put("bytesPerCall", BYTES_PER_CALL);
        evidence.put("heapMaxBytes", jvm.heapMaxBytes());
        evidence.put("share", share);
        evidence.put("limit", HEAP_SHARE);
        String message = "up to " + Format.count(gateway.peakCallsInFlight()) + " gateway requests were in flight at "
                + "once in the last 15 minutes; at about " + BYTES_PER_CALL / 1024 + " KB each they need "
                + Format.heap(need) + " of the " + Format.heap(jvm.heapMaxBytes()) + " heap (" + Format.percent(share)
                + "), so collections slow every request: raise the heap limit with " + SettingNames.HEAP + " to "
                + Format.heap(suggested) + ", or spread the calls over more nodes.";
        Severity severity = share > CRITICAL_SHARE ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(new Recommendation(
                "gateway-calls-in-flight", severity, message, evidence, SettingNames.HEAP, Format.heap(suggested)));
    }
}
