package dev.helix.events;

/**
 * Every event type Helix writes to the event log, with its subject (the topic it belongs to). docs/api.md describes
 * each type's data and who may see it through {@code GET /api/v1/event-log}.
 */
public final class EventTypes {
    /** Subject of the shared state document's events. */
    public static final String STATE = "state";
    /** Subject of the agent registry's events. */
    public static final String AGENTS = "agents";
    /** Subject of the API keys' events. */
    public static final String KEYS = "keys";
    /** Subject of the command registry's and command runs' events. */
    public static final String COMMANDS = "commands";
    /** What the subject of an agent mailbox's events starts with: {@code agent:<id>}. */
    public static final String AGENT_PREFIX = "agent:";
    /** What the subject of a conversation's events starts with: {@code conversation:<id>}. */
    public static final String CONVERSATION_PREFIX = "conversation:";
    /** What the subject of a memory's events starts with: {@code memory:<id>}. */
    public static final String MEMORY_PREFIX = "memory:";
    /** Subject of the events about all of an owner's memory at once (forgetting, the pinned profile). */
    public static final String MEMORY = "memory";
    /** Subject of the LLM gateway's events. */
    public static final String GATEWAY = "gateway";
    /** Subject of the read-only maintenance mode's events. */
    public static final String MAINTENANCE = "maintenance";

    /** A new version of the shared state: {@code version, role?, author?, via, patch, document?}. */
    public static final String STATE_CHANGED = "state.changed";
    /** The set of agents changed: {@code added, removed, changed, count, version}. */
    public static final String AGENTS_CHANGED = "agents.changed";
    /** An API key was created: {@code id, name, role}. */
    public static final String KEYS_CREATED = "keys.created";
    /** An API key was revoked: {@code id, name}. */
    public static final String KEYS_REVOKED = "keys.revoked";
    /** The set of commands changed (one was registered): no data. */
    public static final String COMMANDS_CHANGED = "commands.changed";
    /** A command ran: {@code command, ok, cached, agent?}. */
    public static final String COMMANDS_RUN = "commands.run";
    /** An LLM call through the gateway finished: {@code requestId, model, status, tokens, costUsd, latencyMs, ...}. */
    public static final String GATEWAY_CALLED = "gateway.called";

    /**
     * A message was posted to an agent's mailbox (subject {@code agent:<id>}): {@code id, priority, type, replyTo?,
     * inReplyTo?, expires}; not its data, which is taken through the mailbox.
     */
    public static final String MESSAGES_POSTED = "messages.posted";

    /**
     * A conversation was created (subject {@code conversation:<id>}): {@code owner {key, user}, conversation}; the
     * conversation as the API shows it.
     */
    public static final String CONVERSATION_CREATED = "conversation.created";
    /** A conversation's title, archived flag or metadata changed: {@code owner, conversation}. */
    public static final String CONVERSATION_UPDATED = "conversation.updated";
    /** A conversation and its messages were deleted: {@code owner, id, messages} (how many were deleted). */
    public static final String CONVERSATION_DELETED = "conversation.deleted";
    /**
     * A message of a conversation was stored or updated (an answer as it ends): {@code owner, conversation, action
     * (stored, updated), message}; the message as the API shows it.
     */
    public static final String CONVERSATION_MESSAGE = "conversation.message";

    /**
     * A memory was added (subject {@code memory:<id>}): {@code owner {key, user}, id, agent?, kind, version,
     * actor}.
     * Memory events never carry a memory's text: the event log is read more widely than memory is.
     */
    public static final String MEMORY_ADDED = "memory.added";
    /** A memory's text, kind, confidence or end of validity changed: {@code owner, id, agent?, kind, version, actor}. */
    public static final String MEMORY_UPDATED = "memory.updated";
    /** A memory stopped being valid (its validTo was set): {@code owner, id, agent?, kind, version, actor,
     * validTo}. */
    public static final String MEMORY_INVALIDATED = "memory.invalidated";
    /** A memory and its history were deleted: {@code owner, id, agent?, actor}. */
    public static final String MEMORY_DELETED = "memory.deleted";
    /**
     * All of an owner's memory (or all of it for one agent) was deleted (subject {@code memory}): {@code owner, agent?,
     * items, history, profile} (how many rows of each), {@code actor}.
     */
    public static final String MEMORY_FORGOTTEN = "memory.forgotten";
    /** An owner's pinned profile was set or deleted (subject {@code memory}): {@code owner, version, deleted, actor}. */
    public static final String MEMORY_PROFILE_UPDATED = "memory.profile.updated";

    /**
     * A memory synthesis run ended (subject {@code memory}): {@code owner {key, user}, run, conversation, agent,
     * read {from, to, messages}, changes {added, updated, invalidated: ids; unchanged}, promptTokens,
     * completionTokens, costUsd, attempts}. Ids and counts only, never a memory's text.
     */
    public static final String MEMORY_SYNTHESIS_FINISHED = "memory.synthesis.finished";
    /** A memory synthesis run failed for good: as {@link #MEMORY_SYNTHESIS_FINISHED}, with {@code error}. */
    public static final String MEMORY_SYNTHESIS_FAILED = "memory.synthesis.failed";
    /**
     * The read-only maintenance mode was turned on or off, or its message changed: {@code enabled, message,
     * retryAfter, since, version}.
     */
    public static final String MAINTENANCE_CHANGED = "maintenance.changed";

    private EventTypes() {}
}
