package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentsTest {
    private final List<String> log = new ArrayList<>();

    private Component part(String name) {
        return Component.of(name, () -> log.add("start " + name), () -> log.add("stop " + name));
    }

    @Test
    void partsStartInOrderAndStopInReverse() {
        Components components = new Components(List.of(part("a"), part("b"), part("c")));
        components.start();
        components.stop();
        assertThat(log).containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
    }

    @Test
    void aPartThatFailsToStartStopsThoseAlreadyStartedAndNothingElse() {
        Component broken = Component.of(
                "broken",
                () -> {
                    throw new IllegalStateException("port in use");
                },
                () -> log.add("stop broken"));
        Components components = new Components(List.of(part("a"), part("b"), broken, part("c")));
        assertThatThrownBy(components::start).hasMessage("port in use");
        assertThat(log).containsExactly("start a", "start b", "stop b", "stop a");
        components.stop();
        assertThat(log).hasSize(4);
    }

    @Test
    void aPartThatFailsToStopDoesNotKeepTheOthersRunning() {
        Component stubborn = Component.of("stubborn", () -> {}, () -> {
            throw new IllegalStateException("busy");
        });
        Components components = new Components(List.of(part("a"), stubborn, part("c")));
        components.start();
        components.stop();
        assertThat(log).containsExactly("start a", "start c", "stop c", "stop a");
    }

    @Test
    void aPartMakesItsObjectOnStartAndStopsItOnceEvenWhenStoppedEarly() throws Exception {
        List<String> made = new ArrayList<>();
        Part<String> part = Part.of("greeting", () -> "hello", value -> made.add("stopped " + value));
        assertThat(part.orNull()).isNull();
        assertThatThrownBy(part::get).hasMessage("greeting is not started");
        part.start();
        assertThat(part.get()).isEqualTo("hello");
        part.stop();
        part.stop();
        assertThat(made).containsExactly("stopped hello");
    }
}
