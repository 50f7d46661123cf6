package dev.helix;

/**
 * One part of a running Helix. {@link Components} starts the parts in the order they were wired and stops them in
 * the reverse order, so a part may use every part wired before it.
 */
interface Component {

    /** A short name for logs ("database", "http"). */
    String name();

    /** Starts the part; throwing aborts the start of Helix, and the parts already started are stopped again. */
    void start();

    /** Stops the part; called only after {@link #start()} returned. */
    void stop() throws Exception;

    /** A part that runs {@code start} and {@code stop} (either may do nothing). */
    static Component of(String name, Runnable start, Runnable stop) {
        return new Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                start.run();
            }

            @Override
            public void stop() {
                stop.run();
            }
        };
    }
}
