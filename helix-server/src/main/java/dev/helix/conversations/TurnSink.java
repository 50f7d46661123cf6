package dev.helix.conversations;

/**
 * Where the steps of a turn go as they happen: the client that sent the message, as Server-Sent Events or gathered
 * into one answer. A sink never throws: a client that left misses the rest, and the turn goes on (the answer belongs
 * to the conversation, not to the connection).
 */
interface TurnSink {
    /** A message was stored: the one sent, then its answer (queued or being written), or a command and its result. */
    void stored(Message m);

    /** The {@code index}th piece of the text of {@code answer}. */
    void text(Message answer, int index, String delta);

    /** The turn ended with {@code m}: the answer as stored at its end, or a command's result. */
    void ended(Message m);
}
