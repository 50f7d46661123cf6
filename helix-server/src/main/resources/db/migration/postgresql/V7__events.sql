-- The durable event log (outbox): every event is written in the transaction of the change it describes. Writers take
-- a transaction-level advisory lock just before inserting their events (the last statements of the transaction), so
-- ids are drawn and committed in the same order and a reader that pages by id > last seen never skips one. Times are
-- epoch millis; data is a JSON object.
CREATE TABLE events (
    id      BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type    TEXT    NOT NULL,
    subject TEXT    NOT NULL,
    at      BIGINT  NOT NULL,
    actor   TEXT,
    data    TEXT    NOT NULL
);
-- Filtering by type or type prefix (a range on type), then paging by id.
CREATE INDEX events_type_id ON events (type text_pattern_ops, id);
-- Pruning by age.
CREATE INDEX events_at ON events (at);
