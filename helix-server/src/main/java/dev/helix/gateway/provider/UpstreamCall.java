package dev.helix.gateway.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.config.DeploymentConfig;

/**
 * One upstream call: the client's request in OpenAI's shape (never modified by providers), the deployment it goes
 * to, and the watch that enforces the provider's timeouts.
 *
 * @param request      the client's request body
 * @param clientModel  the model name the client sent
 * @param deployment   where it goes
 * @param stream       whether the response is streamed
 * @param includeUsage whether the client asked for a final usage chunk
 * @param watch        timeouts and cancellation of this call
 */
public record UpstreamCall(
        ObjectNode request,
        String clientModel,
        DeploymentConfig deployment,
        boolean stream,
        boolean includeUsage,
        CallWatch watch) {}
