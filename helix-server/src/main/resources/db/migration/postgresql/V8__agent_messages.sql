-- Agents' mailboxes: one row per message. Times are epoch millis. A message is taken in order of sort_at (its
-- creation time plus its priority's rank times messaging.priorityStep, so older messages rise in priority), then id.
-- state is 'available', 'taken' (invisible until visible_at, then taken again) or 'acked'. A reply to a message
-- names it in in_reply_to; agent_id '' holds replies that only a waiting request reads.
CREATE TABLE agent_messages (
    id             TEXT    NOT NULL PRIMARY KEY,
    agent_id       TEXT    NOT NULL,
    priority       INTEGER NOT NULL,
    type           TEXT    NOT NULL,
    data           TEXT    NOT NULL,
    reply_to       TEXT,
    in_reply_to    TEXT,
    sender         TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    expires_at     BIGINT  NOT NULL,
    sort_at        BIGINT  NOT NULL,
    state          TEXT    NOT NULL,
    visible_at     BIGINT  NOT NULL,
    delivery_count INTEGER NOT NULL
);
-- Only messages not yet acknowledged are in the taking index, so acknowledged ones waiting to be pruned cost a take
-- nothing.
CREATE INDEX agent_messages_next ON agent_messages (agent_id, sort_at, id) WHERE state <> 'acked';
CREATE INDEX agent_messages_replies ON agent_messages (in_reply_to);
CREATE INDEX agent_messages_expiry ON agent_messages (expires_at);
