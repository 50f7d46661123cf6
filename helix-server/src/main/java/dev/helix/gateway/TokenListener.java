package dev.helix.gateway;

/**
 * Receives the text of a streamed answer as it arrives, on the thread that made the call. Throwing stops the call:
 * the upstream request is cancelled and the result is {@link CallStatus#CUT} with the text received so far (this
 * delta included). A listener that throws {@link InterruptedException} finds its thread's interrupt flag set again
 * when the call returns.
 */
@FunctionalInterface
public interface TokenListener {
    /** Ignores every delta. */
    TokenListener NONE = delta -> {};

    /** The next piece of the answer's text, never empty. */
    void onToken(String delta) throws Exception;
}
