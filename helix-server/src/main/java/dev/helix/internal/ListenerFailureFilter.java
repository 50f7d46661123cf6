package dev.helix.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Turns Helidon's ERROR report of a listener that could not start (a stack trace of some 40 lines) into a DEBUG line
 * of {@code dev.helix.http.HttpServer}: Helix reports that failure itself, in one sentence naming the address and the
 * setting to change, so at the usual levels the trace only buries it.
 */
final class ListenerFailureFilter extends TurboFilter {
    private static final String HELIDON_SERVER = "io.helidon.webserver.LoomServer";
    private static final String[] START_FAILURES = {"Failed to start listener", "Helidon WebServer failed to start"};
    private static final org.slf4j.Logger REPORTED_AS = LoggerFactory.getLogger("dev.helix.http.HttpServer");

    @Override
    public FilterReply decide(
            Marker marker, Logger logger, Level level, @Nullable String format, Object[] params, Throwable t) {
        if (level != Level.ERROR
                || format == null
                || !HELIDON_SERVER.equals(logger.getName())
                || !isStartFailure(format)) {
            return FilterReply.NEUTRAL;
        }
        REPORTED_AS.debug("Helidon: {}", format, t);
        return FilterReply.DENY;
    }

    private static boolean isStartFailure(String message) {
        for (String failure : START_FAILURES) {
            if (message.startsWith(failure)) {
                return true;
            }
        }
        return false;
    }
}
