/**
 * Agent messaging: a mailbox per agent in the database, with priorities that rise with age, visibility timeouts,
 * acknowledgements and redelivery, request/reply, the {@code !send} command and the messages API.
 *
 * <p>{@link dev.helix.messaging.Mailboxes} is the feature's facade; {@link dev.helix.messaging.MessagesApi} serves
 * it over HTTP and {@link dev.helix.messaging.MessagingCommands} registers {@code !send}. Which agents exist is
 * told by a {@link dev.helix.messaging.Recipients} the wiring gives, so this package does not depend on the agents
 * feature.
 */
@NullMarked
package dev.helix.messaging;

import org.jspecify.annotations.NullMarked;
