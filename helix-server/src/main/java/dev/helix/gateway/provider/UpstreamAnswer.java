package dev.helix.gateway.provider;

/**
 * A complete (non-streamed) answer in OpenAI's shape.
 *
 * @param body  the JSON to send to the client
 * @param usage the tokens it used
 */
public record UpstreamAnswer(byte[] body, Usage usage) {}
