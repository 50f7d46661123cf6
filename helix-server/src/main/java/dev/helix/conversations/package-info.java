/**
 * Conversations with the agents: durable, each scoped to its owner (the API key that made it and the end user its
 * application named), with their messages, the agent's answering turn and the conversations API.
 *
 * <p>{@link dev.helix.conversations.Conversations} is the feature's facade and
 * {@link dev.helix.conversations.ConversationsApi} serves it over HTTP. Which agents exist and what they are told is
 * asked of an {@link dev.helix.conversations.AgentDirectory} the wiring gives, so this package does not depend on the
 * agents feature.
 */
@NullMarked
package dev.helix.conversations;

import org.jspecify.annotations.NullMarked;
