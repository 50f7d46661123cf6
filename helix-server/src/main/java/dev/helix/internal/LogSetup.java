package dev.helix.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logging set up in code (no XML to parse at start): text lines to standard output by default, JSON lines on
 * request. Found by Logback through {@code META-INF/services}; {@link #apply} switches format and level once
 * configuration is loaded. Libraries that log through {@code java.util.logging} (Helidon) are routed here too.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    private static final String PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{20} [%X{request_id:-}] %msg%n";

    /** Called by Logback at first use: text at INFO, quiet libraries. */
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        install(context, false, Level.INFO, false);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Switches to {@code json} or text lines at {@code level} (ERROR, WARN, INFO, DEBUG, TRACE) on stdout. */
    public static void apply(boolean json, String level) {
        apply(json, level, false);
    }

    /**
     * Switches to {@code json} or text lines at {@code level}, on standard error if {@code toStandardError} (for
     * commands whose standard output is their answer, e.g. JSON for a script).
     */
    public static void apply(boolean json, String level, boolean toStandardError) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            install(context, json, Level.toLevel(level, Level.INFO), toStandardError);
        }
    }

    private static void install(LoggerContext context, boolean json, Level level, boolean toStandardError) {
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        context.addListener(propagator);
        propagator.start();
        context.addTurboFilter(listenerFailures(context));

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget(toStandardError ? "System.err" : "System.out");
        console.setEncoder(encoder(context, json));
        console.start();

        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(console);
        quiet(context, level, "io.helidon", "com.zaxxer.hikari", "org.flywaydb", "org.jdbi");
        // Lucene warns at every start that the Vector API incubator module is not enabled: memory retrieval scores
        // words (BM25), not vectors, so it would gain nothing, and enabling it makes the JVM print a warning instead
        context.getLogger("org.apache.lucene.internal.vectorization").setLevel(Level.ERROR);
        bridgeJul();
    }

    private static ListenerFailureFilter listenerFailures(LoggerContext context) {
        ListenerFailureFilter filter = new ListenerFailureFilter();
        filter.setContext(context);
        filter.start();
        return filter;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        if (json) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithContext(false);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithFormattedMessage(true);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }

    private static void quiet(LoggerContext context, Level level, String... names) {
        Level quietLevel = level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN;
        for (String name : names) {
            context.getLogger(name).setLevel(quietLevel);
        }
    }

    private static void bridgeJul() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
