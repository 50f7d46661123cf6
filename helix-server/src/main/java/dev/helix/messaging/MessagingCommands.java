package dev.helix.messaging;

import dev.helix.commands.ArgType;
import dev.helix.commands.ArgumentSpec;
import dev.helix.commands.CommandException;
import dev.helix.commands.CommandRegistry;
import dev.helix.commands.CommandSpec;
import dev.helix.internal.Json;
import java.util.List;
import java.util.Map;

/** Messaging's command: {@code !send <agent> <type> [text...]} posts a normal-priority message as the calling key. */
public final class MessagingCommands {
    static final CommandSpec SEND = CommandSpec.builder("send")
            .summary("Posts a message (normal priority) to an agent's mailbox, as the calling key")
            .argument(ArgumentSpec.required("agent", ArgType.STRING, "the agent's id, e.g. coder"))
            .argument(ArgumentSpec.required("type", ArgType.STRING, "the message type, e.g. task"))
            .argument(ArgumentSpec.optional("text", ArgType.STRING, "the text, sent as data {\"text\": …}")
                    .asRest())
            .build();

    /** The names of the commands {@link #register} adds. */
    public static final List<String> NAMES = List.of(SEND.name());

    /** What {@code !send} answers. */
    record Sent(String id, String agent, String type) {}

    private MessagingCommands() {}

    /** Registers {@code send} on {@code registry}. */
    public static void register(CommandRegistry registry, Mailboxes mailboxes) {
        registry.register(SEND, () -> (context, args) -> {
            Map<String, String> data = args.has("text") ? Map.of("text", args.string("text")) : Map.of();
            Draft draft = new Draft(
                    args.string("agent"),
                    Priority.NORMAL,
                    args.string("type"),
                    new String(Json.bytes(data), java.nio.charset.StandardCharsets.UTF_8),
                    null,
                    null,
                    context.caller().keyId());
            Message sent = guarded(mailboxes, draft);
            return new Sent(sent.id(), sent.agent(), sent.type());
        });
    }

    private static Message guarded(Mailboxes mailboxes, Draft draft) {
        try {
            return mailboxes.post(draft);
        } catch (MessagingException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> CommandException.notFound(e.getMessage());
                default -> CommandException.invalidArgument(e.getMessage());
            };
        }
    }
}
