package dev.helix.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** What real-time clients of topic {@code state} get as a snapshot: the version and the whole document. */
public final class StateTopic {
    private StateTopic() {}

    /** {@code {"version": n, "document": {…}}} for the current state. */
    public static Map<String, Object> snapshot(SharedState state) {
        StateSnapshot s = state.current();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", s.version());
        out.put("document", s.document());
        return out;
    }
}
