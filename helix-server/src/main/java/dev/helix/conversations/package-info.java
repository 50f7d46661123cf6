/**
 * Conversations with the agents: durable, each scoped to its owner (the API key that made it and the end user its
 * application named), with their messages, the agent's answering turn and the conversations API.
 *
 * <p>{@link dev.helix.conversations.Conversations} keeps conversations and messages,
 * {@link dev.helix.conversations.Answering} runs the agent's turn, and
 * {@link dev.helix.conversations.ConversationsApi} serves both over HTTP. What they need of other features comes
 * through interfaces of this package that the wiring implements: which agents exist and their personas
 * ({@link dev.helix.conversations.AgentDirectory}), the model that answers
 * ({@link dev.helix.conversations.AnswerModel}), the person's profile and memories
 * ({@link dev.helix.conversations.PromptContext}) and where an answer's text goes as it is written
 * ({@link dev.helix.conversations.LiveAnswers}); so this package depends on no feature but commands.
 */
@NullMarked
package dev.helix.conversations;

import org.jspecify.annotations.NullMarked;
