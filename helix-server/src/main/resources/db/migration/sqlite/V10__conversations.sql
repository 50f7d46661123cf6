-- Conversations with the agents. Times are epoch millis. A conversation belongs to its owner: the API key that made
-- it (key_id) and the end user the key's application named (user_id, '' for none, so that owner lookups are plain
-- equalities an index serves). last_seq is the sequence number of its newest message; answering is the id of the
-- answer being written and lease_until until when the node writing it holds it (renewed while it writes).
CREATE TABLE conversations (
    id          TEXT    NOT NULL PRIMARY KEY,
    key_id      TEXT    NOT NULL,
    user_id     TEXT    NOT NULL,
    agent_id    TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    archived    INTEGER NOT NULL,
    metadata    TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    last_seq    BIGINT  NOT NULL,
    answering   TEXT,
    lease_until BIGINT
);
-- An owner's conversations, newest first (the list and its cursor).
CREATE INDEX conversations_owner ON conversations (key_id, user_id, updated_at, id);
-- Every owner's, newest first (an admin's list of all).
CREATE INDEX conversations_updated ON conversations (updated_at, id);

-- The messages of a conversation, numbered 1, 2, … by seq. content is a JSON array of parts, tool_calls a JSON
-- array or NULL, metadata a JSON object. kind is 'message', 'summary' (a system message that stands for the messages
-- up to covers_seq in prompts) or 'command' (a '!' command and its result). status is 'complete', 'queued' or
-- 'streaming' (an answer not written yet), or how an answer ended: 'cut', 'failed', 'refused', 'interrupted'. Cost
-- is in nano-dollars.
CREATE TABLE conversation_messages (
    id                TEXT    NOT NULL PRIMARY KEY,
    conversation_id   TEXT    NOT NULL,
    seq               BIGINT  NOT NULL,
    role              TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    content           TEXT    NOT NULL,
    tool_calls        TEXT,
    covers_seq        BIGINT,
    model             TEXT,
    deployment        TEXT,
    prompt_tokens     BIGINT,
    completion_tokens BIGINT,
    cost_nanousd      BIGINT,
    latency_ms        BIGINT,
    finish_reason     TEXT,
    error             TEXT,
    metadata          TEXT    NOT NULL,
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL,
    UNIQUE (conversation_id, seq)
);
-- Answers not written yet, for the recovery of those a stopped node left.
CREATE INDEX conversation_messages_open ON conversation_messages (status) WHERE status IN ('queued', 'streaming');
