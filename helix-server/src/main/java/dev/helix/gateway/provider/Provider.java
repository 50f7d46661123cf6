package dev.helix.gateway.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.config.ProviderConfig;

/**
 * One upstream API family, translated to and from OpenAI's shapes. Implementations are thread-safe and keep a
 * pool of connections to their base URL.
 */
public interface Provider extends AutoCloseable {
    ProviderConfig config();

    /** A complete chat answer. */
    UpstreamAnswer chat(UpstreamCall call);

    /** A streamed chat answer, opened (status checked) but not yet read. */
    ChunkStream stream(UpstreamCall call);

    /**
     * Embeddings for an OpenAI {@code /v1/embeddings} request, as OpenAI's response; throws
     * {@link UnsupportedOperationException} when the family has none.
     */
    UpstreamAnswer embeddings(ObjectNode request, DeploymentConfig deployment, CallWatch watch);

    /** A cheap call that shows the provider is reachable and accepts the key; throws if not. */
    void probe(CallWatch watch);

    @Override
    void close();
}
