-- The durable event log (outbox): every event is written in the transaction of the change it describes. Ids never
-- go back, even after pruning (AUTOINCREMENT), and SQLite's one writer commits them in id order, so a reader that
-- pages by id > last seen never skips one. Times are epoch millis; data is a JSON object.
CREATE TABLE events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    type    TEXT    NOT NULL,
    subject TEXT    NOT NULL,
    at      BIGINT  NOT NULL,
    actor   TEXT,
    data    TEXT    NOT NULL
);
-- Filtering by type or type prefix (a range on type), then paging by id.
CREATE INDEX events_type_id ON events (type, id);
-- Pruning by age.
CREATE INDEX events_at ON events (at);
