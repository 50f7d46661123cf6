package dev.helix.conversations;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answers this node is writing now, by conversation: their text so far (for the snapshot a client gets when it
 * follows the conversation mid-answer) and whether they were asked to stop (an interrupting message, on this node or,
 * through the event log, on another).
 */
final class RunningAnswers {
    /** One answer being written. */
    static final class Running {
        final Owner owner;
        final Message answer;
        private final StringBuilder text = new StringBuilder();
        private int pieces;
        private volatile boolean stopAsked;

        Running(Owner owner, Message answer) {
            this.owner = owner;
            this.answer = answer;
        }

        /** Adds {@code delta}; answers its index (1, 2, …). */
        synchronized int add(String delta) {
            text.append(delta);
            return ++pieces;
        }

        synchronized String text() {
            return text.toString();
        }

        synchronized int pieces() {
            return pieces;
        }

        void stop() {
            stopAsked = true;
        }

        boolean stopAsked() {
            return stopAsked;
        }
    }

    /**
     * The progress of an answer: its id, its text so far and how many pieces it came in.
     *
     * @param message the answer's id
     * @param text    its text so far
     * @param pieces  how many pieces the text came in (the index of the last delta sent)
     */
    record Progress(String message, String text, int pieces) {}

    private final Map<String, Running> byConversation = new ConcurrentHashMap<>();

    Running start(Owner owner, Message answer) {
        Running r = new Running(owner, answer);
        byConversation.put(answer.conversation(), r);
        return r;
    }

    void end(Running r) {
        byConversation.remove(r.answer.conversation(), r);
    }

    /** Asks answer {@code message} of {@code conversation} to stop, if this node writes it; whether it does. */
    boolean stop(String conversation, String message) {
        Running r = byConversation.get(conversation);
        if (r != null && r.answer.id().equals(message)) {
            r.stop();
            return true;
        }
        return false;
    }

    /** The answer this node is writing for {@code conversation}, if any. */
    Optional<Progress> progress(String conversation) {
        return Optional.ofNullable(byConversation.get(conversation))
                .map(r -> new Progress(r.answer.id(), r.text(), r.pieces()));
    }
}
