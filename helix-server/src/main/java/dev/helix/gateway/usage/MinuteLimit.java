package dev.helix.gateway.usage;

/**
 * A per-minute limit of one API key, in requests or tokens: {@code limit} units refilled greedily at {@code limit}
 * per minute. A request needs {@code min(n, limit)} units to be admitted, so a single request larger than the whole
 * limit still gets through when the bucket is full; the rest, and any usage beyond the estimate reported later, is
 * charged as debt that delays the following requests. Usage below the estimate is given back.
 */
interface MinuteLimit {
    /** The outcome of {@link #take}: 0 nanoseconds to wait = taken; {@code used} = units counted in the window. */
    record Take(long waitNanos, long used) {
        boolean taken() {
            return waitNanos == 0;
        }
    }

    int limit();

    /** Takes {@code n} units if the bucket can admit them; otherwise takes nothing and says how long to wait. */
    Take take(long n);

    /** Units taken ({@code > 0}) or given back ({@code < 0}) after the fact. */
    void adjust(long delta);

    /** The same count under a new limit. */
    MinuteLimit withLimit(int newLimit);
}
