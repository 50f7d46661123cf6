-- Settings that hold for every node sharing the database, one row each. value is a JSON object; version counts the
-- row's changes (each is written under the row's lock together with its event, so versions follow commit order);
-- updated_at is epoch millis, 0 for never; updated_by is the API key that made the last change (NULL: an operator at
-- the command line, or never changed). The read-only maintenance mode is the row 'maintenance', off to begin with.
CREATE TABLE cluster_settings (
    name       TEXT   NOT NULL PRIMARY KEY,
    value      TEXT   NOT NULL,
    version    BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT
);
INSERT INTO cluster_settings (name, value, version, updated_at, updated_by)
VALUES ('maintenance', '{"enabled":false}', 0, 0, NULL);
