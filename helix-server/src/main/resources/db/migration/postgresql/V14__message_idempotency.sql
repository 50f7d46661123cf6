-- The idempotency keys of message posts: a post that names a key (its Idempotency-Key header) which the same API key
-- (sender) named within the last 24 hours gets the message the first post made, not a second one. fingerprint is the
-- SHA-256 of what the first post asked for, so the same key with another message is refused. Times are epoch millis.
CREATE TABLE message_idempotency (
    sender      TEXT   NOT NULL,
    idem_key    TEXT   NOT NULL,
    message_id  TEXT   NOT NULL,
    fingerprint TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (sender, idem_key)
);
-- The keys to forget once their window has passed.
CREATE INDEX message_idempotency_created ON message_idempotency (created_at);
