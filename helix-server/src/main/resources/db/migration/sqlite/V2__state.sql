-- Versions of the shared state document; the newest row is the current document. Times are epoch millis.
CREATE TABLE state_versions (
    version    BIGINT  NOT NULL PRIMARY KEY,
    document   TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    key_id     TEXT,
    via        TEXT    NOT NULL,
    size_bytes INTEGER NOT NULL,
    created_at BIGINT  NOT NULL
);
