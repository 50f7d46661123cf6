package dev.helix.http;

import java.util.Optional;
import java.util.function.Function;

/**
 * One feature's rule for answering an exception type, as registered with {@link Routes#onError} or
 * {@link Routes#onErrorWithHeaders}.
 *
 * @param type    the exception type it answers, subclasses included
 * @param mapping what an exception of that type is answered with
 */
record ErrorMapping(Class<? extends Throwable> type, Function<Throwable, MappedError> mapping) {
    static <T extends Throwable> ErrorMapping of(Class<T> type, Function<? super T, MappedError> mapping) {
        return new ErrorMapping(type, error -> mapping.apply(type.cast(error)));
    }

    /** The answer to {@code error}, if it is of this mapping's type. */
    Optional<MappedError> answer(Throwable error) {
        return type.isInstance(error) ? Optional.of(mapping.apply(error)) : Optional.empty();
    }
}
