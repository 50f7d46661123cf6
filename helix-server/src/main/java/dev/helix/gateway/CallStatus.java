package dev.helix.gateway;

/** How a call made from inside Helix through {@link GatewayCalls} ended. */
public enum CallStatus {
    /** The whole answer arrived. */
    COMPLETE,
    /**
     * A streamed answer stopped after some of its text: the provider's stream broke, or the caller's
     * {@link TokenListener} threw. The result holds the text received. Embeddings never end so.
     */
    CUT,
    /** Nothing usable: every deployment failed, the request was invalid, or the model is not configured. */
    FAILED,
    /** The key's budget or per-minute limits refused the call before any provider was called. */
    REFUSED
}
