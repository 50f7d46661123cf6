package dev.helix;

import java.time.Duration;

/**
 * Runs a Helix's periodic background work: writing API key use and LLM usage, sampling performance. Helix's own is
 * its shared timer thread; a test can give a manual one that its test clock drives, so that periodic work runs when
 * the test lets time pass instead of when a real timer fires.
 */
public interface PeriodicTimer {
    /** A periodic task that can be cancelled. */
    interface Periodic {
        void cancel();
    }

    /** Runs {@code work}, which must be short, once per {@code period}. */
    Periodic every(Duration period, String what, Runnable work);

    /**
     * Runs {@code work}, which may block, every {@code period}, the next run starting a period after the previous
     * one ended.
     */
    Periodic everyAfter(Duration period, String what, Runnable work);
}
