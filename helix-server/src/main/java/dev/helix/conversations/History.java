package dev.helix.conversations;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns stored messages into the turns of a prompt. User messages and answers become {@code user} and
 * {@code assistant} turns (images and files as references in the text); an answer that was cut or interrupted keeps
 * its text, marked as cut off, and one with no text is left out; a command's result becomes a {@code user} turn that
 * says which command gave it. Summaries, answers still open and the commands themselves (their result names them) are
 * left out.
 */
final class History {
    /**
     * A turn of the history: the message's seq and what the prompt says for it.
     *
     * @param seq     the seq of the message it comes from
     * @param message the prompt's turn
     */
    record Turn(long seq, PromptMessage message) {}

    private History() {}

    static List<Turn> turns(List<Message> messages) {
        List<Turn> turns = new ArrayList<>();
        for (Message m : messages) {
            PromptMessage p = turn(m);
            if (p != null) {
                turns.add(new Turn(m.seq(), p));
            }
        }
        return turns;
    }

    private static @org.jspecify.annotations.Nullable PromptMessage turn(Message m) {
        if (m.kind() == Message.Kind.SUMMARY || m.status().open()) {
            return null;
        }
        return switch (m.role()) {
            case USER -> m.kind() == Message.Kind.COMMAND ? null : PromptMessage.user(text(m));
            case ASSISTANT -> answer(m);
            case TOOL ->
                PromptMessage.user("Command " + m.metadata().path("command").asText("") + " "
                        + (m.status() == Message.Status.COMPLETE ? "returned" : "failed") + ":\n" + m.text());
            case SYSTEM -> PromptMessage.system(m.text());
        };
    }

    private static @org.jspecify.annotations.Nullable PromptMessage answer(Message m) {
        String text = m.text();
        if (text.isEmpty()) {
            return null;
        }
        return PromptMessage.assistant(
                m.status() == Message.Status.COMPLETE ? text : text + "\n[this answer was cut off here]");
    }

    /** The text of a user message, with its images and files as references. */
    static String text(Message m) {
        StringBuilder out = new StringBuilder();
        for (Part p : m.content()) {
            if (!out.isEmpty()) {
                out.append("\n\n");
            }
            switch (p.type()) {
                case Part.TEXT -> out.append(p.text());
                case Part.IMAGE -> out.append("[image: ").append(p.url()).append(']');
                default ->
                    out.append("[file")
                            .append(p.name() == null ? "" : " " + p.name())
                            .append(": ")
                            .append(p.url())
                            .append(']');
            }
        }
        return out.toString();
    }
}
