package dev.helix.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.ConfigReference;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps {@code helix.reference.yaml}, {@link ConfigKeys} and the {@link HelixConfig} records in step. */
class ReferenceConfigTest {
    static final Path REFERENCE = Path.of(System.getProperty("helix.repoRoot", ".."), "helix.reference.yaml");

    @Test
    void referenceFileIsExactlyWhatTheKeysDescribe() throws IOException {
        assertThat(Files.readString(REFERENCE))
                .as("helix.reference.yaml is out of date: regenerate it with "
                        + "'./helix config reference > helix.reference.yaml'")
                .isEqualTo(ConfigReference.text());
    }

    @Test
    void everyRecordComponentHasAKeyAndEveryKeyAComponent() {
        Set<String> fromRecords = new TreeSet<>();
        for (RecordComponent section : HelixConfig.class.getRecordComponents()) {
            if (section.getType().isRecord()) {
                for (RecordComponent field : section.getType().getRecordComponents()) {
                    fromRecords.addAll(keysOf(section.getName(), field));
                }
            }
        }
        Set<String> fromKeys =
                ConfigKeys.ALL.stream().map(ConfigKey::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(fromKeys).isEqualTo(fromRecords);
    }

    /**
     * The keys of one component: its own, those of each component of a record inside a section (a subsection), or
     * for the limits of every route class one per class and setting
     * ({@code limits.gatewayRate}, …).
     */
    private static List<String> keysOf(String section, RecordComponent field) {
        if (field.getType().isRecord()) { // a subsection: memory.synthesis.*
            List<String> keys = new ArrayList<>();
            for (RecordComponent inner : field.getType().getRecordComponents()) {
                keys.addAll(keysOf(section + "." + field.getName(), inner));
            }
            return keys;
        }
        if (!field.getName().equals("classes")) {
            return List.of(section + "." + field.getName());
        }
        List<String> keys = new ArrayList<>();
        for (RouteClass routeClass : RouteClass.values()) {
            for (RecordComponent setting : HelixConfig.Limits.PerClass.class.getRecordComponents()) {
                String name = setting.getName();
                keys.add(section + "." + routeClass.id() + Character.toUpperCase(name.charAt(0)) + name.substring(1));
            }
        }
        return keys;
    }

    @Test
    void loadingTheReferenceFileGivesTheDefaults() {
        HelixConfig fromFile =
                ConfigLoader.builder().file(REFERENCE).env(Map.of()).load().config();
        assertThat(fromFile.file()).contains(REFERENCE.toAbsolutePath());
        assertThat(fromFile).usingRecursiveComparison().ignoringFields("file").isEqualTo(HelixConfig.defaults());
    }

    @Test
    void everyKeyHasADistinctEnvironmentVariableAndADescription() {
        assertThat(ConfigKeys.ALL.stream().map(ConfigKey::env).distinct().count())
                .isEqualTo(ConfigKeys.ALL.size());
        assertThat(ConfigKeys.ALL).allSatisfy(k -> {
            assertThat(k.env()).startsWith("HELIX_");
            assertThat(k.description()).isNotBlank();
        });
    }
}
