package dev.helix.agents;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where agents are defined — the agents folder and the {@code agents:} section of {@code helix.yaml} — and reading
 * them all into one validated, id-sorted set.
 */
final class AgentSources {
    /** Largest agent file. */
    static final long MAX_AGENT_FILE = 256 * 1024;
    /** Largest {@code helix.yaml}, as the config loader allows. */
    static final long MAX_CONFIG_FILE = 1024 * 1024;
    /** Most agents in the whole set. */
    static final int MAX_AGENTS = 1000;

    private final Path folder;
    private final Optional<Path> configFile;

    AgentSources(Path folder, Optional<Path> configFile) {
        this.folder = folder;
        this.configFile = configFile;
    }

    Path folder() {
        return folder;
    }

    Optional<Path> configFile() {
        return configFile;
    }

    /** Whether {@code file} in the agents folder is an agent file: {@code *.yaml} or {@code *.yml}, not hidden. */
    static boolean isAgentFile(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /** Reads and validates every definition; throws naming the first problem. */
    List<Agent> load() {
        return definitions().stream().map(AgentYaml.Definition::agent).toList();
    }

    /** Reads and validates every definition, sorted by agent id; throws naming the first problem. */
    List<AgentYaml.Definition> definitions() {
        List<AgentYaml.Definition> all = new ArrayList<>();
        configFile.ifPresent(f ->
                read(f, MAX_CONFIG_FILE).ifPresent(bytes -> all.addAll(AgentYaml.configSection(bytes, f.toString()))));
        for (Path file : agentFiles()) {
            read(file, MAX_AGENT_FILE)
                    .flatMap(bytes -> AgentYaml.agentFile(bytes, file.toString()))
                    .ifPresent(all::add);
            checkCount(all.size(), file);
        }
        checkCount(all.size(), configFile.orElse(folder));
        checkUnique(all);
        return all.stream().sorted(Comparator.comparing(d -> d.agent().id())).toList();
    }

    private List<Path> agentFiles() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder, AgentSources::isAgentFile)) {
            for (Path file : dir) {
                if (Files.isRegularFile(file) && !isConfigFile(file)) {
                    files.add(file);
                }
                checkCount(files.size(), folder);
            }
        } catch (IOException e) {
            throw new AgentDefinitionException(
                    folder.toString(), 0, null, "cannot list the agents folder: " + e.getMessage());
        }
        files.sort(Comparator.comparing(Path::toString));
        return files;
    }

    private boolean isConfigFile(Path file) {
        try {
            return configFile.isPresent() && Files.isSameFile(file, configFile.get());
        } catch (IOException e) {
            return false;
        }
    }

    /** The file's bytes; empty when it vanished while the folder was read (a later reload sees the rest). */
    private static Optional<byte[]> read(Path file, long limit) {
        try {
            long size = Files.size(file);
            if (size > limit) {
                throw new AgentDefinitionException(
                        file.toString(), 0, null, "the file is " + size + " bytes; at most " + limit + " are allowed");
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AgentDefinitionException(file.toString(), 0, null, "cannot read: " + e.getMessage());
        }
    }

    private static void checkCount(int count, Path where) {
        if (count > MAX_AGENTS) {
            throw new AgentDefinitionException(
                    where.toString(),
                    0,
                    null,
                    "more than " + MAX_AGENTS + " agents are defined; at most " + MAX_AGENTS + " are allowed");
        }
    }

    private static void checkUnique(List<AgentYaml.Definition> all) {
        Map<String, AgentYaml.Definition> seen = new HashMap<>();
        for (AgentYaml.Definition d : all) {
            AgentYaml.Definition first = seen.putIfAbsent(d.agent().id(), d);
            if (first != null) {
                throw new AgentDefinitionException(
                        d.source(),
                        d.line(),
                        d.idField(),
                        "agent id '" + d.agent().id() + "' is already defined at " + first.source() + ":"
                                + first.line());
            }
        }
    }
}
