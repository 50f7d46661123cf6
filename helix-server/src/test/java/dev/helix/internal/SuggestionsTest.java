package dev.helix.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> NAMES = List.of("agents", "help", "ping", "state", "state.set", "status");

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(Suggestions.editDistance("stat", "state")).isEqualTo(1);
        assertThat(Suggestions.editDistance("pnig", "ping")).isEqualTo(2);
        assertThat(Suggestions.editDistance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.editDistance("same", "same")).isZero();
    }

    @Test
    void similarNamesAreCloseOnesOrOnesStartingWithTheInputClosestFirst() {
        assertThat(Suggestions.similar("stat", NAMES, 3)).containsExactly("state", "status", "state.set");
        assertThat(Suggestions.similar("HLEP", NAMES, 3)).containsExactly("help");
        assertThat(Suggestions.similar("xyzzy", NAMES, 3)).isEmpty();
    }

    @Test
    void closestAlwaysAnswersWhenAnythingIsKnown() {
        assertThat(Suggestions.closest("server.prot", List.of("server.port", "storage.url")))
                .contains("server.port");
        assertThat(Suggestions.closest("x", List.of())).isEmpty();
    }
}
