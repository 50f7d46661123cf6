package dev.helix.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a configuration value is read from text, and how what it allows is described.
 *
 * @param <T> the parsed type
 */
public interface ValueType<T> {
    /**
     * A value refused with a reason worth showing (which part of a structured value is wrong); the reason is added
     * to the "expected …" of the error.
     */
    final class Rejected extends IllegalArgumentException {
        public Rejected(String reason) {
            super(reason);
        }
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} if it is not allowed. */
    T parse(String text);

    /** What this type allows, in words, e.g. "an integer from 0 to 65535". */
    String allowed();

    static ValueType<String> text() {
        return of("any text", s -> s);
    }

    static ValueType<String> matching(String regex, String allowed) {
        Pattern pattern = Pattern.compile(regex);
        return of(allowed, s -> {
            require(pattern.matcher(s).matches());
            return s;
        });
    }

    static ValueType<Integer> integer(int min, int max) {
        return of("an integer from " + min + " to " + max, s -> {
            int v;
            try {
                v = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(e);
            }
            require(v >= min && v <= max);
            return v;
        });
    }

    static ValueType<Boolean> bool() {
        return of("true or false", s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException();
        });
    }

    static ValueType<Path> path() {
        return of("a file-system path", s -> {
            require(!s.isBlank());
            return Path.of(s);
        });
    }

    /** A path, or empty for "not set". */
    static ValueType<java.util.Optional<Path>> optionalPath() {
        return of(
                "empty or a file-system path",
                s -> s.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(s)));
    }

    static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
        String names = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return of("one of " + names, s -> Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT)));
    }

    /** A size such as {@code 1MiB}, {@code 512KiB}, {@code 10MB} or a plain number of bytes, within bounds. */
    static ValueType<Long> size(long min, long max) {
        Pattern pattern = Pattern.compile("(\\d+)\\s*(B|KB|KIB|MB|MIB|GB|GIB)?");
        return of("a size from " + min + " bytes to " + max + " bytes, such as 1MiB, 512KiB or 65536", s -> {
            Matcher m = pattern.matcher(s.trim().toUpperCase(Locale.ROOT));
            require(m.matches());
            long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
                case "KB" -> 1_000L;
                case "KIB" -> 1L << 10;
                case "MB" -> 1_000_000L;
                case "MIB" -> 1L << 20;
                case "GB" -> 1_000_000_000L;
                case "GIB" -> 1L << 30;
                default -> 1L;
            };
            long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            require(bytes >= min && bytes <= max);
            return bytes;
        });
    }

    /** A duration such as {@code 30s}, {@code 500ms}, {@code 2m} or ISO-8601 {@code PT30S}, within bounds. */
    static ValueType<Duration> duration(Duration min, Duration max) {
        Pattern pattern = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
        return of(
                "a duration from " + Durations.format(min) + " to " + Durations.format(max)
                        + ", such as 500ms, 30s or 2m",
                s -> {
                    String t = s.trim();
                    Duration d;
                    Matcher m = pattern.matcher(t.toLowerCase(Locale.ROOT));
                    if (m.matches()) {
                        long n = Long.parseLong(m.group(1));
                        d = switch (m.group(2)) {
                            case "ms" -> Duration.ofMillis(n);
                            case "s" -> Duration.ofSeconds(n);
                            case "m" -> Duration.ofMinutes(n);
                            case "d" -> Duration.ofDays(n);
                            default -> Duration.ofHours(n);
                        };
                    } else {
                        d = Duration.parse(t);
                    }
                    require(d.compareTo(min) >= 0 && d.compareTo(max) <= 0);
                    return d;
                });
    }

    static <T> ValueType<T> of(String allowed, Function<String, T> parser) {
        return new ValueType<>() {
            @Override
            public T parse(String text) {
                return parser.apply(text);
            }

            @Override
            public String allowed() {
                return allowed;
            }
        };
    }

    private static void require(boolean condition) {
        if (!condition) {
            throw new IllegalArgumentException();
        }
    }
}
