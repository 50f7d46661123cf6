package dev.helix.gateway.routing;

/**
 * What a request needs from a deployment.
 *
 * @param tools           it declares tools
 * @param vision          it contains images
 * @param jsonMode        it asks for a JSON {@code response_format}
 * @param estimatedTokens prompt estimate plus the most output tokens it allows
 */
public record RequestNeeds(boolean tools, boolean vision, boolean jsonMode, long estimatedTokens) {
    public static final RequestNeeds NONE = new RequestNeeds(false, false, false, 0);
}
