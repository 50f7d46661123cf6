package dev.helix.conversations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.access.Principal;
import dev.helix.commands.CommandException;
import dev.helix.commands.CommandResult;
import dev.helix.commands.CommandService;
import dev.helix.commands.Invocation;
import dev.helix.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message starting with {@code !} runs a Helix command instead of going to the agent: the message is stored (kind
 * {@code command}), the command runs as the caller's key — exactly as {@code POST /api/v1/commands} with that text —
 * and its result, or why it failed, is stored as a message of role {@code tool}. A result larger than
 * {@code conversations.maxPartSize} is stored cut to it, and says so in its metadata.
 */
final class CommandTurns {
    private static final Logger LOG = LoggerFactory.getLogger(CommandTurns.class);

    private final Conversations conversations;
    private final CommandService commands;

    CommandTurns(Conversations conversations, CommandService commands) {
        this.conversations = conversations;
        this.commands = commands;
    }

    /** Runs {@code text} (a command) in {@code owner}'s conversation, as {@code principal}. */
    void run(
            Principal principal,
            Owner owner,
            String conversation,
            String text,
            ObjectNode metadata,
            String requestId,
            TurnSink sink) {
        Message sent = conversations.append(
                owner,
                Drafts.user(
                        conversations.newMessageId(),
                        conversation,
                        Message.Kind.COMMAND,
                        List.of(Part.text(text)),
                        metadata,
                        conversations.now()));
        sink.stored(sent);
        Message result = conversations.append(owner, result(principal, conversation, text, requestId));
        sink.ended(result);
    }

    private Message result(Principal principal, String conversation, String text, String requestId) {
        ObjectNode metadata = Drafts.empty().put("command", text);
        String id = conversations.newMessageId();
        try {
            CommandResult r = commands.runText(text, Invocation.of(principal, requestId));
            metadata.put("name", r.command()).put("cached", r.cached()).put("durationMs", r.durationMs());
            String json = new String(Json.bytes(r.result()), StandardCharsets.UTF_8);
            return withMetadata(
                    Drafts.commandResult(
                            id,
                            conversation,
                            Message.Status.COMPLETE,
                            bounded(json, metadata),
                            null,
                            conversations.now()),
                    metadata);
        } catch (CommandException e) {
            String why = e.getMessage() == null ? e.kind().name() : e.getMessage();
            return withMetadata(
                    Drafts.commandResult(id, conversation, Message.Status.FAILED, why, why, conversations.now()),
                    metadata);
        } catch (RuntimeException e) {
            LOG.warn("command {} in conversation {} failed", text, conversation, e);
            String why = "the command failed in Helix; its log has the details under request id " + requestId;
            return withMetadata(
                    Drafts.commandResult(id, conversation, Message.Status.FAILED, why, why, conversations.now()),
                    metadata);
        }
    }

    /** {@code json}, cut to {@code conversations.maxPartSize} bytes if it is longer (noted in {@code metadata}). */
    private String bounded(String json, ObjectNode metadata) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        long max = conversations.config().maxPartSize();
        if (bytes.length <= max) {
            return json;
        }
        metadata.put("truncatedFromBytes", bytes.length);
        return new String(bytes, 0, (int) max - 3, StandardCharsets.UTF_8).replace("\uFFFD", "") + "…";
    }

    private static Message withMetadata(Message m, ObjectNode metadata) {
        return m.written(m.status(), m.text(), null, null, null, null, null, null, m.error(), metadata, m.updated());
    }
}
