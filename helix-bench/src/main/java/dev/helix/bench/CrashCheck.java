package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * After the kill and the restart: checks that everything {@link CrashStream} had acknowledged is there. Every
 * acknowledged state version must be a {@code state.changed} event in the event log as each node pages it, and every
 * node must serve at least the newest acknowledged version; every acknowledged message must be taken exactly once
 * when the mailbox is drained round-robin through all nodes (each taken message is acknowledged at once). Prints the
 * counts as Markdown rows.
 */
final class CrashCheck {
    private static final int PAGE = 1000;
    private static final int EMPTY_ROUNDS = 2;

    private final List<NodeClient> nodes;
    private final String agent;

    CrashCheck(List<NodeClient> nodes, String agent) {
        this.nodes = nodes;
        this.agent = agent;
    }

    /** Runs the checks on the acknowledgement file {@code acks}; true when nothing acknowledged is missing. */
    boolean run(Path acks) throws IOException, InterruptedException {
        Set<Long> versions = new HashSet<>();
        Set<String> messages = new HashSet<>();
        for (String line : Files.readAllLines(acks, StandardCharsets.UTF_8)) {
            String[] parts = line.split(" ", 2);
            if (parts[0].equals("state")) {
                versions.add(Long.parseLong(parts[1]));
            } else {
                messages.add(parts[1]);
            }
        }
        boolean whole = checkStates(versions);
        return checkMessages(messages) && whole;
    }

    private boolean checkStates(Set<Long> acknowledged) throws IOException, InterruptedException {
        long newest = acknowledged.stream().mapToLong(Long::longValue).max().orElse(0);
        boolean whole = true;
        for (int n = 0; n < nodes.size(); n++) {
            NodeClient node = nodes.get(n);
            Set<Long> logged = loggedVersions(node);
            long missing =
                    acknowledged.stream().filter(v -> !logged.contains(v)).count();
            long served = node.stateVersion();
            System.out.printf(
                    "| node %d: acknowledged state versions in its event log | %d of %d | missing %d | serves version"
                            + " %d (newest acknowledged %d) |%n",
                    n + 1, acknowledged.size() - missing, acknowledged.size(), missing, served, newest);
            whole &= missing == 0 && served >= newest;
        }
        return whole;
    }

    private Set<Long> loggedVersions(NodeClient node) throws IOException, InterruptedException {
        Set<Long> versions = new HashSet<>();
        String after = "0";
        while (true) {
            JsonNode page = node.eventLog(after, "state.changed", PAGE);
            JsonNode events = page.path("events");
            events.forEach(e -> versions.add(e.at("/data/version").asLong()));
            after = page.path("next").asText();
            if (events.size() < PAGE) {
                return versions;
            }
        }
    }

    private boolean checkMessages(Set<String> acknowledged) throws IOException, InterruptedException {
        Set<String> taken = new HashSet<>();
        int duplicates = 0;
        int emptyRounds = 0;
        for (int round = 0; emptyRounds < EMPTY_ROUNDS; round++) {
            NodeClient taker = nodes.get(round % nodes.size());
            JsonNode got = taker.takeMessages(agent, 100, 0);
            emptyRounds = got.isEmpty() ? emptyRounds + 1 : 0;
            for (JsonNode message : got) {
                String id = message.path("id").asText();
                duplicates += taken.add(id) ? 0 : 1;
                taker.ack(agent, id);
            }
        }
        long missing = acknowledged.stream().filter(id -> !taken.contains(id)).count();
        long unacknowledged =
                taken.stream().filter(id -> !acknowledged.contains(id)).count();
        System.out.printf(
                "| agent messages taken through all nodes | %d of %d acknowledged | missing %d | taken twice %d;"
                        + " present though never acknowledged %d |%n",
                acknowledged.size() - missing, acknowledged.size(), missing, duplicates, unacknowledged);
        return missing == 0 && duplicates == 0;
    }
}
