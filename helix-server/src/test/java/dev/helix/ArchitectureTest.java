package dev.helix;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure docs/architecture.md describes, checked on the compiled classes: no package cycles, the
 * layers entry -> features -> foundation, leaf packages that depend on nothing else in Helix, and features that use
 * each other only along the edges listed in {@link #ALLOWED_FEATURE_EDGES}, each with its reason.
 */
class ArchitectureTest {
    /** Entry points: the {@code Helix} facade that wires everything, and the command line. */
    private static final String[] ENTRY = {"dev.helix", "dev.helix.cli.."};
    /** Features: each owns a part of the API and its behaviour. */
    private static final List<String> FEATURES = List.of(
            "agents",
            "auth",
            "cache",
            "commands",
            "conversations",
            "gateway",
            "maintenance",
            "memory",
            "messaging",
            "monitor",
            "ratelimit",
            "realtime",
            "state",
            "synthesis");
    /** Foundation: what features are built on; never depends on a feature or an entry point. */
    private static final String[] FOUNDATION = {
        "dev.helix.http..",
        "dev.helix.storage..",
        "dev.helix.events..",
        "dev.helix.bus..",
        "dev.helix.config..",
        "dev.helix.internal..",
        "dev.helix.health..",
        "dev.helix.access.."
    };
    /** Foundation packages that depend on no other Helix package at all. */
    private static final String[] LEAVES = {
        "dev.helix.internal..", "dev.helix.health..", "dev.helix.access..", "dev.helix.bus.."
    };

    /**
     * The only feature-to-feature dependencies, with why each is needed. Any other edge between features is a
     * failure: move the shared type into the foundation, or let the foundation own an interface the feature
     * implements (as {@code http.Authenticator} does for the API keys).
     */
    private static final Map<String, Map<String, String>> ALLOWED_FEATURE_EDGES = Map.of(
            "agents", Map.of("commands", "agents register their built-in commands in the command registry"),
            "state", Map.of("commands", "the state document registers its commands in the command registry"),
            "monitor",
                    Map.of(
                            "commands",
                            "the monitor offers the status command",
                            "gateway",
                            "the performance monitor reads the gateway's meters by the names it owns and leaves "
                                    + "its routes, which wait for providers, out of the latency advice",
                            "cache",
                            "the performance monitor reads the response cache's meters by the names it owns",
                            "realtime",
                            "the performance monitor reads real-time push's meters by the names it owns and leaves "
                                    + "its streams out of the latency advice",
                            "conversations",
                            "the performance monitor leaves sending a conversation message, which waits for the "
                                    + "agent's answer, out of the latency advice"),
            "messaging", Map.of("commands", "messaging registers the send command in the command registry"),
            "conversations", Map.of("commands", "a conversation message starting with ! runs a command"),
            "memory",
                    Map.of(
                            "conversations",
                            "memories belong to conversations' owners (key and end user, resolved the same way) "
                                    + "and feed the agents' prompts through conversations' PromptContext"),
            "synthesis",
                    Map.of(
                            "conversations",
                            "synthesis reads the conversations it turns into memories, through their public API, "
                                    + "and its runs are owned as their conversations are"),
            "gateway",
                    Map.of(
                            "auth", "usage accounting enforces each API key's budget and per-minute limits",
                            "ratelimit", "per-key minute limits share the rate limiter's buckets across nodes"));

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.helix");
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().assignedFrom(new EveryPackage()).should().beFreeOfCycles().check(classes);
    }

    @Test
    void entryPointsUseFeaturesAndFeaturesUseTheFoundation() {
        layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage("dev.helix..")
                .layer("Entry")
                .definedBy(ENTRY)
                .layer("Features")
                .definedBy(FEATURES.stream().map(ArchitectureTest::pkg).toArray(String[]::new))
                .layer("Foundation")
                .definedBy(FOUNDATION)
                .whereLayer("Entry")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Features")
                .mayOnlyBeAccessedByLayers("Entry")
                .whereLayer("Foundation")
                .mayOnlyBeAccessedByLayers("Entry", "Features")
                .check(classes);
    }

    @Test
    void leafPackagesDependOnNothingElseInHelix() {
        for (String leaf : LEAVES) {
            noClasses()
                    .that()
                    .resideInAPackage(leaf)
                    .should()
                    .dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.helix..")
                            .and(JavaClass.Predicates.resideOutsideOfPackage(leaf)))
                    .check(classes);
        }
    }

    @Test
    void featuresUseEachOtherOnlyAlongTheAllowedEdges() {
        for (String feature : FEATURES) {
            String[] forbidden = FEATURES.stream()
                    .filter(other -> !other.equals(feature))
                    .filter(other -> !allowed(feature).containsKey(other))
                    .map(ArchitectureTest::pkg)
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(pkg(feature))
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(forbidden)
                    .because(feature + " may use only " + allowed(feature).keySet() + " of the other features")
                    .check(classes);
        }
    }

    @Test
    void everyFeatureAndAllowedEdgeNamesARealPackage() {
        Stream.of(
                        FEATURES.stream(),
                        ALLOWED_FEATURE_EDGES.keySet().stream(),
                        ALLOWED_FEATURE_EDGES.values().stream().flatMap(m -> m.keySet().stream()))
                .flatMap(s -> s)
                .forEach(feature -> {
                    if (!classes.containPackage("dev.helix." + feature)) {
                        throw new AssertionError("no package dev.helix." + feature);
                    }
                    if (!FEATURES.contains(feature)) {
                        throw new AssertionError(feature + " is named in an allowed edge but is not a feature");
                    }
                });
    }

    private static Map<String, String> allowed(String feature) {
        return ALLOWED_FEATURE_EDGES.getOrDefault(feature, Map.of());
    }

    private static String pkg(String feature) {
        return "dev.helix." + feature + "..";
    }

    /** Every Helix package is its own slice, subpackages included, so a cycle between any two shows. */
    private static final class EveryPackage implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.equals("dev.helix") || name.startsWith("dev.helix.")
                    ? SliceIdentifier.of(name)
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "every package of dev.helix";
        }
    }
}
