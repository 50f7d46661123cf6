package dev.helix.gateway.provider.anthropic;

import dev.helix.gateway.provider.StreamErrorException;

/**
 * An {@code error} event inside an Anthropic stream (for example {@code overloaded_error} after the response
 * started), carrying Anthropic's error type and message so the caller can send an error event to its client.
 */
public final class AnthropicStreamException extends StreamErrorException {
    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final String upstreamMessage;

    /** An error of Anthropic type {@code errorType} (e.g. {@code overloaded_error}) with its message. */
    public AnthropicStreamException(String errorType, String upstreamMessage) {
        super("anthropic stream error " + errorType + ": " + upstreamMessage);
        this.errorType = errorType;
        this.upstreamMessage = upstreamMessage;
    }

    /** Anthropic's error type, e.g. {@code overloaded_error} or {@code api_error}. */
    public String errorType() {
        return errorType;
    }

    /** Anthropic's error message as sent. */
    public String upstreamMessage() {
        return upstreamMessage;
    }
}
