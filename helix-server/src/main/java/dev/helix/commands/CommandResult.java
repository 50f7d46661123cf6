package dev.helix.commands;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a command run returned: the body of a successful {@code POST /api/v1/commands…}.
 *
 * @param command    the canonical name of the command that ran
 * @param result     its result as JSON (shared with other callers when cached: do not modify it)
 * @param cached     whether it was reused from an earlier (or concurrent) run instead of computed for this call
 * @param durationMs how long the call took inside Helix, in milliseconds
 */
public record CommandResult(String command, JsonNode result, boolean cached, double durationMs) {}
