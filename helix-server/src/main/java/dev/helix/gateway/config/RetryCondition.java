package dev.helix.gateway.config;

import java.util.Optional;

/**
 * One entry of {@code gateway.retry.on}: a kind of upstream failure after which the same deployment may be tried
 * again (failures not listed move on to the next deployment). Written in the configuration as {@code connect},
 * {@code timeout}, {@code 5xx} or a 4xx/5xx status code such as {@code 429}.
 */
public sealed interface RetryCondition permits RetryCondition.Failure, RetryCondition.Status {
    /** Any 429 answer. */
    Status TOO_MANY_REQUESTS = new Status(429);

    /** The word that stands for this condition in the configuration. */
    String word();

    /** The condition {@code word} stands for, or empty when it stands for none. */
    static Optional<RetryCondition> parse(String word) {
        for (Failure f : Failure.values()) {
            if (f.word.equals(word)) {
                return Optional.of(f);
            }
        }
        return word.matches("[45][0-9][0-9]") ? Optional.of(new Status(Integer.parseInt(word))) : Optional.empty();
    }

    /** A failure without a status of its own. */
    enum Failure implements RetryCondition {
        /** The connection could not be opened. */
        CONNECT("connect"),
        /** The provider did not answer in time. */
        TIMEOUT("timeout"),
        /** Any 5xx answer, and an answer cut off or unreadable. */
        SERVER_ERROR("5xx");

        private final String word;

        Failure(String word) {
            this.word = word;
        }

        @Override
        public String word() {
            return word;
        }
    }

    /**
     * An answer with the status {@code code}.
     *
     * @param code a 4xx or 5xx status
     */
    record Status(int code) implements RetryCondition {
        public Status {
            if (code < 400 || code > 599) {
                throw new IllegalArgumentException("a retry status is a 4xx or 5xx status, not " + code);
            }
        }

        @Override
        public String word() {
            return Integer.toString(code);
        }
    }
}
