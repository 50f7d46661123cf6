package dev.helix.monitor.advice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Real-time clients were disconnected for falling {@code realtime.maxPending} messages behind at least
 * {@link #MIN_DISCONNECTS} times in the last 15 minutes. Clients on slow links catch up with a longer queue (the
 * suggestion doubles it; each waiting message costs memory per client); clients that never read should be fixed.
 */
public final class RealtimeSlowClientsRule implements Rule {
    /** Disconnects in 15 minutes from which advice is given. */
    public static final long MIN_DISCONNECTS = 5;
    /** The largest {@code realtime.maxPending} suggested. */
    public static final int MAX_SUGGESTED = 1_000_000;

    @Override
    public Optional<Recommendation> evaluate(Figures figures) {
        if (figures.events() == null) {
            return Optional.empty();
        }
        long disconnects = figures.events().realtimeSlowDisconnects().last15Minutes();
        if (disconnects < MIN_DISCONNECTS) {
            return Optional.empty();
        }
        int maxPending = figures.events().realtimeMaxPending();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("window", "15m");
        evidence.put("slowDisconnects", disconnects);
        evidence.put("maxPending", maxPending);
        evidence.put("connections", figures.events().realtimeConnections());
        String message = Format.count(disconnects) + " real-time clients were disconnected in the last 15 minutes "
                + "for falling " + Format.count(maxPending) + " messages behind: if they are on slow links, raise "
                + SettingNames.REALTIME_MAX_PENDING + "; if they stopped reading, fix the clients.";
        return Optional.of(new Recommendation(
                "realtime-slow-clients",
                Severity.WARNING,
                message,
                evidence,
                SettingNames.REALTIME_MAX_PENDING,
                Integer.toString((int) Math.min(MAX_SUGGESTED, 2L * maxPending))));
    }
}
