-- Memory: what Helix remembers of a person (an owner: the API key key_id and the end user user_id, '' for none, as
-- conversations have it), for one agent (agent_id) or across agents (agent_id ''). Times are epoch millis; valid_to
-- NULL means still valid. sources is a JSON array of the ids of the messages a memory was drawn from. version starts
-- at 1 and grows with every change; each change is kept in memory_history.
CREATE TABLE memory_items (
    id          TEXT             NOT NULL PRIMARY KEY,
    key_id      TEXT             NOT NULL,
    user_id     TEXT             NOT NULL,
    agent_id    TEXT             NOT NULL,
    kind        TEXT             NOT NULL,
    text        TEXT             NOT NULL,
    sources     TEXT             NOT NULL,
    confidence  REAL             NOT NULL,
    valid_from  BIGINT           NOT NULL,
    valid_to    BIGINT,
    created_at  BIGINT           NOT NULL,
    updated_at  BIGINT           NOT NULL,
    version     BIGINT           NOT NULL
);
-- An owner's memories, newest first (the list and its cursor, forgetting them all).
CREATE INDEX memory_items_owner ON memory_items (key_id, user_id, updated_at, id);
-- Every owner's, newest first (an admin's list of all).
CREATE INDEX memory_items_updated ON memory_items (updated_at, id);

-- What each version of a memory was: the action that made it (added, updated, invalidated), who did it (actor: an
-- API key id, or synthesis:<run> for background synthesis) and the memory's text, kind, confidence and valid_to then.
-- Deleted with the memory.
CREATE TABLE memory_history (
    item_id     TEXT             NOT NULL,
    version     BIGINT           NOT NULL,
    key_id      TEXT             NOT NULL,
    user_id     TEXT             NOT NULL,
    action      TEXT             NOT NULL,
    actor       TEXT             NOT NULL,
    at          BIGINT           NOT NULL,
    text        TEXT             NOT NULL,
    kind        TEXT             NOT NULL,
    confidence  REAL             NOT NULL,
    valid_to    BIGINT,
    PRIMARY KEY (item_id, version)
);
-- An owner's history, to forget it all at once.
CREATE INDEX memory_history_owner ON memory_history (key_id, user_id);

-- The pinned profile of each owner: a short text put before every prompt, whichever agent answers.
CREATE TABLE memory_profiles (
    key_id      TEXT   NOT NULL,
    user_id     TEXT   NOT NULL,
    text        TEXT   NOT NULL,
    version     BIGINT NOT NULL,
    actor       TEXT   NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (key_id, user_id)
);
