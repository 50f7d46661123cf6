-- Of a request's provider calls, how many failed after the provider had started a success answer (cut, timed out or
-- unreadable): providers may bill these, though what they used is not known and is not in the tokens and cost.
ALTER TABLE llm_usage ADD COLUMN failed_answers INTEGER NOT NULL DEFAULT 0;
