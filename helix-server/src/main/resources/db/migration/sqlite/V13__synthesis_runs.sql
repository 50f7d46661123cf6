-- Memory synthesis: one row per run that reads the new messages of a conversation and turns them into memories.
-- Times are epoch millis; cost is in nano-dollars. status is 'queued', 'running', 'done', 'failed' (for good, after
-- memory.synthesis.maxAttempts) or 'deferred' (the day's budget was spent: it waits for the next UTC day). A run
-- reads the messages seq_from..seq_to of its conversation; changes is a JSON object of the memory ids it added,
-- updated and invalidated (ids only, never memory text). lease_owner/lease_until: the node running it and until when;
-- a run whose lease has passed is taken again by any node.
CREATE TABLE synthesis_runs (
    id                TEXT    NOT NULL PRIMARY KEY,
    conversation_id   TEXT    NOT NULL,
    key_id            TEXT    NOT NULL,
    user_id           TEXT    NOT NULL,
    agent_id          TEXT    NOT NULL,
    trigger_kind      TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    attempts          INTEGER NOT NULL,
    next_attempt_at   BIGINT  NOT NULL,
    lease_owner       TEXT,
    lease_until       BIGINT,
    seq_from          BIGINT  NOT NULL,
    seq_to            BIGINT  NOT NULL,
    changes           TEXT    NOT NULL,
    prompt_tokens     BIGINT  NOT NULL,
    completion_tokens BIGINT  NOT NULL,
    cost_nanos        BIGINT  NOT NULL,
    spent_at          BIGINT,
    error             TEXT,
    created_at        BIGINT  NOT NULL,
    started_at        BIGINT,
    finished_at       BIGINT
);
-- At most one run of a conversation waits or runs at a time, whichever node queued it.
CREATE UNIQUE INDEX synthesis_runs_active ON synthesis_runs (conversation_id)
    WHERE status IN ('queued', 'running', 'deferred');
-- The runs to take next.
CREATE INDEX synthesis_runs_next ON synthesis_runs (next_attempt_at) WHERE status IN ('queued', 'running', 'deferred');
-- An owner's runs, newest first (the list and its cursor), and every owner's (an admin's list of all).
CREATE INDEX synthesis_runs_owner ON synthesis_runs (key_id, user_id, created_at, id);
CREATE INDEX synthesis_runs_created ON synthesis_runs (created_at, id);
-- A conversation's runs (the list filtered by conversation; the last failure when deciding what is due).
CREATE INDEX synthesis_runs_conversation ON synthesis_runs (conversation_id, created_at);
-- What today's runs cost (the daily budget), by when they last spent (spent_at: the end of their last attempt).
CREATE INDEX synthesis_runs_spent ON synthesis_runs (spent_at) WHERE spent_at IS NOT NULL;

-- Where synthesis has read each conversation up to: the seq of the last message a finished run read.
CREATE TABLE synthesis_marks (
    conversation_id TEXT   NOT NULL PRIMARY KEY,
    seq_read        BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
