package dev.helix.synthesis;

/** Synthesis end to end on PostgreSQL. */
class SynthesisOnPostgresTest extends SynthesisTest {
    @Override
    String engine() {
        return "postgresql";
    }
}
