package dev.helix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's JDK detection ({@code .mvn/find-jdk.sh}, used by {@code ./helix} and {@code ./mvnw}). */
class LauncherTest {
    static final Path ROOT = Path.of(System.getProperty("helix.repoRoot", ".."));

    @TempDir
    Path jvms;

    private record Result(int status, String out, String err) {
    }

    private Result findJdk(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", ". '" + ROOT.resolve(".mvn/find-jdk.sh") + "'; helix_find_jdk");
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2026-01-01' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    @Test
    void picksTheNewestJdk21OrLaterUnderTheSearchFolder() throws Exception {
        fakeJdk("jdk-17", "17.0.9");
        fakeJdk("jdk-21", "21.0.5");
        Path newest = fakeJdk("jdk-25", "25.0.1");
        Result r = findJdk(Map.of("HELIX_JDK_SEARCH_DIR", jvms.toString()));
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(newest.toString());
    }

    @Test
    void honoursJavaHomeWhenItIsNewEnoughAndIgnoresItWhenNot() throws Exception {
        Path old = fakeJdk("jdk-17", "17.0.9");
        Path twentyOne = fakeJdk("jdk-21", "21.0.5");
        assertThat(findJdk(Map.of("JAVA_HOME", twentyOne.toString(), "HELIX_JDK_SEARCH_DIR", "/nonexistent")).out())
                .isEqualTo(twentyOne.toString());
        assertThat(findJdk(Map.of("JAVA_HOME", old.toString(), "HELIX_JDK_SEARCH_DIR", jvms.toString())).out())
                .isEqualTo(twentyOne.toString());
    }

    @Test
    void readsTheReleaseFileWhenPresent() throws Exception {
        Path home = fakeJdk("vendor-jdk", "1.8.0");
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"X\"\nJAVA_VERSION=\"24.0.2\"\n");
        assertThat(findJdk(Map.of("HELIX_JDK_SEARCH_DIR", jvms.toString())).out()).isEqualTo(home.toString());
    }

    @Test
    void explainsWhenNoSuitableJdkExists() throws Exception {
        fakeJdk("jdk-17", "17.0.9");
        Result r = findJdk(Map.of("HELIX_JDK_SEARCH_DIR", jvms.toString()));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("Helix needs JDK 21 or newer");
    }
}
