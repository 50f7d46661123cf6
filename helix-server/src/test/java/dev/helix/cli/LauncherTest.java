package dev.helix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher: its JDK detection ({@code .mvn/find-jdk.sh}, used by {@code ./helix} and {@code ./mvnw}), and
 * {@code ./helix} itself run in a copy of the repository with a stand-in Maven and a stand-in JDK 25 that record
 * what they were asked to do.
 */
class LauncherTest {
    /** What the stand-in {@code mvnw} prints: a shortened first build of the three modules. */
    private static final String MAVEN_OUTPUT = """
            [INFO] Scanning for projects...
            [INFO] -----------------------< dev.helix:helix-parent >-----------------------
            [INFO] Building Helix 0.1.0-SNAPSHOT                                      [1/3]
            [INFO]   from pom.xml
            [INFO] --- enforcer:3.7.0:enforce (require-jdk-21) @ helix-parent ---
            [INFO] Building Helix test kit 0.1.0-SNAPSHOT                             [2/3]
            [INFO] Downloading from central: https://repo.maven.apache.org/maven2/a/a.pom
            [INFO] Downloaded from central: https://repo.maven.apache.org/maven2/a/a.pom (2 kB at 10 kB/s)
            [INFO] Compiling 19 source files with javac [debug parameters release 21] to target/classes
            [WARNING] Something.java:[114,21] auto-closeable resource socket is never referenced
            [INFO] Building jar: /repo/helix-testkit/target/helix-testkit-0.1.0-SNAPSHOT.jar
            [INFO] Building Helix server 0.1.0-SNAPSHOT                               [3/3]
            [INFO] Compiling 314 source files with javac [debug parameters release 21] to target/classes
            [INFO] Compiling 116 source files with javac [debug parameters release 21] to target/test-classes
            [INFO] Building jar: /repo/helix-server/target/helix.jar
            [INFO] BUILD SUCCESS
            [INFO] Total time:  41.640 s
            """;

    static final Path ROOT = Path.of(System.getProperty("helix.repoRoot", ".."));

    @TempDir
    Path jvms;

    private record Result(int status, String out, String err) {}

    private Result findJdk(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb =
                new ProcessBuilder("sh", "-c", ". '" + ROOT.resolve(".mvn/find-jdk.sh") + "'; helix_find_jdk");
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
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

    /** A copy of the launcher in {@code jvms/repo}, with a stand-in mvnw that prints {@code output} and exits so. */
    private Path launcherCopy(String output, int status) throws IOException {
        Path repo = jvms.resolve("repo");
        Files.createDirectories(repo.resolve(".mvn"));
        Files.copy(ROOT.resolve("helix"), repo.resolve("helix"));
        Files.copy(ROOT.resolve(".mvn/find-jdk.sh"), repo.resolve(".mvn/find-jdk.sh"));
        Files.writeString(repo.resolve("maven-output.txt"), output);
        executable(
                repo.resolve("mvnw"),
                "#!/bin/sh\nroot=$(dirname \"$0\")\necho \"$*\" >> \"$root/mvnw.calls\"\n"
                        + "cat \"$root/maven-output.txt\"\n[ " + status + " = 0 ] || exit " + status + "\n"
                        + "mkdir -p \"$root/helix-server/target\" && echo jar > \"$root/helix-server/target/helix.jar\"\n");
        return repo;
    }

    /** A JDK 25 whose java appends its arguments to java.calls and, asked to record an AOT cache, writes one. */
    private Path recordingJdk() throws IOException {
        Path home = jvms.resolve("jdk-25");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        executable(
                home.resolve("bin/java"),
                "#!/bin/sh\necho \"$*\" >> '" + jvms.resolve("java.calls") + "'\n"
                        + "for a in \"$@\"; do case \"$a\" in -XX:AOTCacheOutput=*) echo aot > \"${a#*=}\";; esac; done\n");
        return home;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result helix(Path repo, Path jdk, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("sh", repo.resolve("helix").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().remove("HELIX_AOT");
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private List<String> javaCalls() throws IOException {
        Path calls = jvms.resolve("java.calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void theFirstBuildShowsItsProgressAndHelpNeitherRecordsTheStartUpCacheNorStartsAServer() throws Exception {
        Path repo = launcherCopy(MAVEN_OUTPUT, 0);
        Path jdk = recordingJdk();
        Result help = helix(repo, jdk, "--help");
        assertThat(help.status()).as(help.err()).isZero();
        assertThat(help.err())
                .contains("helix: building Helix (first run, or sources changed; about a minute")
                .contains("helix:   [1/3] Helix\n")
                .contains("helix:   [2/3] Helix test kit\n")
                .contains("helix:     downloading dependencies ...\n")
                .contains("helix:     compiling 19 source files\n")
                .contains("helix:   [3/3] Helix server\n")
                .contains("helix:     compiling 116 test source files\n")
                .contains("helix: built in 41.640 s")
                .doesNotContain("[INFO]")
                .doesNotContain("[WARNING]")
                .doesNotContain("start-up cache");
        assertThat(Files.readString(repo.resolve("mvnw.calls"))).doesNotContain("-q");
        assertThat(Files.readString(repo.resolve("helix-server/target/build.log")))
                .isEqualTo(MAVEN_OUTPUT);
        Result version = helix(repo, jdk, "version");
        assertThat(version.err()).doesNotContain("building");
        assertThat(javaCalls()).hasSize(2).noneMatch(call -> call.contains("AOTCache") || call.contains("train"));
        assertThat(javaCalls().get(0)).endsWith("-jar " + repo.resolve("helix-server/target/helix.jar") + " --help");
        assertThat(Files.exists(repo.resolve("helix-server/target/helix.aot"))).isFalse();
    }

    @Test
    void serveRecordsTheStartUpCacheOncePerBuildAndEveryCommandThenStartsFromIt() throws Exception {
        Path repo = launcherCopy(MAVEN_OUTPUT, 0);
        Path jdk = recordingJdk();
        String aot = repo.resolve("helix-server/target/helix.aot").toString();
        Result serve = helix(repo, jdk, "serve", "--port", "0");
        assertThat(serve.err()).contains("helix: recording the start-up cache (once per build");
        assertThat(javaCalls()).hasSize(2);
        assertThat(javaCalls().get(0)).contains("-XX:AOTCacheOutput=" + aot).endsWith(" train");
        assertThat(javaCalls().get(1)).contains("-XX:AOTCache=" + aot).endsWith(" serve --port 0");
        helix(repo, jdk, "serve");
        helix(repo, jdk, "keys", "list");
        assertThat(javaCalls())
                .hasSize(4)
                .filteredOn(call -> call.endsWith(" train"))
                .hasSize(1);
        assertThat(javaCalls().get(3)).contains("-XX:AOTCache=" + aot).endsWith(" keys list");
    }

    @Test
    void trainRecordsTheStartUpCacheNowAndRunsNothingElse() throws Exception {
        Path repo = launcherCopy(MAVEN_OUTPUT, 0);
        Path jdk = recordingJdk();
        assertThat(helix(repo, jdk, "train").status()).isZero();
        assertThat(javaCalls())
                .singleElement()
                .satisfies(call -> assertThat(call)
                        .contains("-XX:AOTCacheOutput=" + repo.resolve("helix-server/target/helix.aot"))
                        .endsWith(" train"));
        Result again = helix(repo, jdk, "train");
        assertThat(again.status()).isZero();
        assertThat(again.err()).isEmpty();
        assertThat(javaCalls()).hasSize(1);
    }

    @Test
    void aFailedBuildShowsMavensErrorsAndRunsNothing() throws Exception {
        Path repo = launcherCopy(
                "[INFO] Building Helix server 0.1.0-SNAPSHOT\n"
                        + "[ERROR] /repo/helix-server/src/main/java/dev/helix/Helix.java:[12,8] ';' expected\n"
                        + "[INFO] BUILD FAILURE\n",
                1);
        Path jdk = recordingJdk();
        Result r = helix(repo, jdk, "version");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err())
                .contains("helix:   Helix server\n")
                .contains("[ERROR] /repo/helix-server/src/main/java/dev/helix/Helix.java:[12,8] ';' expected")
                .contains("helix: the build failed (status 1); its errors are above, the whole log is in "
                        + repo.resolve("helix-server/target/build.log"));
        assertThat(javaCalls()).isEmpty();
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
        assertThat(findJdk(Map.of("JAVA_HOME", twentyOne.toString(), "HELIX_JDK_SEARCH_DIR", "/nonexistent"))
                        .out())
                .isEqualTo(twentyOne.toString());
        assertThat(findJdk(Map.of("JAVA_HOME", old.toString(), "HELIX_JDK_SEARCH_DIR", jvms.toString()))
                        .out())
                .isEqualTo(twentyOne.toString());
    }

    @Test
    void readsTheReleaseFileWhenPresent() throws Exception {
        Path home = fakeJdk("vendor-jdk", "1.8.0");
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"X\"\nJAVA_VERSION=\"24.0.2\"\n");
        assertThat(findJdk(Map.of("HELIX_JDK_SEARCH_DIR", jvms.toString())).out())
                .isEqualTo(home.toString());
    }

    @Test
    void explainsWhenNoSuitableJdkExists() throws Exception {
        fakeJdk("jdk-17", "17.0.9");
        Result r = findJdk(Map.of("HELIX_JDK_SEARCH_DIR", jvms.toString()));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("Helix needs JDK 21 or newer");
    }
}
