package dev.helix.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Runs an action on SIGTERM and SIGINT in place of the JVM's own handling, which would exit with 143 or 130: this is
 * how {@code helix serve} stops gracefully and exits 0.
 *
 * <p>Java has no public API for signals. {@code sun.misc.Signal} (module {@code jdk.unsupported}) is reached by
 * reflection, here only: javac warns about every direct use of it and no option or annotation silences that
 * warning, while the build treats warnings as errors.
 */
final class StopSignals {
    private static final List<String> STOP = List.of("TERM", "INT");

    private StopSignals() {}

    /** Runs {@code action} on the signal dispatch thread whenever SIGTERM or SIGINT arrives. */
    static void onStop(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler =
                    Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType}, handler(action));
            Constructor<?> named = signal.getConstructor(String.class);
            Method handle = signal.getMethod("handle", signal, handlerType);
            for (String name : STOP) {
                handle.invoke(null, named.newInstance(name), handler);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot handle SIGTERM and SIGINT on this JVM", e);
        }
    }

    /** {@code SignalHandler.handle(Signal)} runs {@code action}; the methods of {@link Object} behave as usual. */
    private static InvocationHandler handler(Runnable action) {
        return (proxy, method, args) -> switch (method.getName()) {
            case "handle" -> {
                action.run();
                yield null;
            }
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "stop signal handler";
        };
    }
}
