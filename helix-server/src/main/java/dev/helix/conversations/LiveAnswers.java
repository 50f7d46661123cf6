package dev.helix.conversations;

/**
 * Where the text of an answer goes as it is written, besides the client that asked: real-time push to the owner's
 * other clients. Not written to the event log (an event per piece of text would be far too many rows): the stored
 * answer's event follows when it ends.
 */
@FunctionalInterface
public interface LiveAnswers {
    /** Sends nothing. */
    LiveAnswers NONE = (owner, answer, index, text) -> {};

    /** The {@code index}th piece ({@code 1}, {@code 2}, …) of the text of {@code answer}, a message of {@code owner}. */
    void text(Owner owner, Message answer, int index, String text);
}
