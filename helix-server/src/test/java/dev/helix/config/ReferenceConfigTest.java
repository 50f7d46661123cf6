package dev.helix.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.ConfigReference;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
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
                    fromRecords.add(section.getName() + "." + field.getName());
                }
            }
        }
        Set<String> fromKeys =
                ConfigKeys.ALL.stream().map(ConfigKey::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(fromKeys).isEqualTo(fromRecords);
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
