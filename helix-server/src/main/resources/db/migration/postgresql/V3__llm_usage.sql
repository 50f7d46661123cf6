-- Limits of an API key, each optional (NULL = no limit): a spend budget in US dollars per UTC day or month, and
-- requests and LLM tokens per minute.
ALTER TABLE api_keys ADD COLUMN budget_usd DOUBLE PRECISION CHECK (budget_usd > 0);
ALTER TABLE api_keys ADD COLUMN budget_period VARCHAR(10) CHECK (budget_period IN ('day', 'month'));
ALTER TABLE api_keys ADD COLUMN rpm INTEGER CHECK (rpm > 0);
ALTER TABLE api_keys ADD COLUMN tpm INTEGER CHECK (tpm > 0);

-- One row per LLM request the gateway served (or failed). Times are epoch milliseconds (UTC); cost is in
-- nano-dollars (1e-9 USD) so that sums are exact integers. Text columns have no length limit and there is no foreign
-- key to api_keys: a usage batch must never be refused because of one row, and keys are only revoked, not deleted.
CREATE TABLE llm_usage (
    id                TEXT     NOT NULL PRIMARY KEY,
    at                BIGINT   NOT NULL,
    request_id        TEXT,
    key_id            TEXT     NOT NULL,
    model             TEXT,
    provider          TEXT,
    deployment        TEXT,
    prompt_tokens     BIGINT   NOT NULL,
    completion_tokens BIGINT   NOT NULL,
    cached_tokens     BIGINT   NOT NULL,
    reasoning_tokens  BIGINT   NOT NULL,
    cost_nanousd      BIGINT   NOT NULL,
    latency_ms        BIGINT   NOT NULL,
    status            INTEGER  NOT NULL,
    cache_hit         BOOLEAN  NOT NULL,
    attempts          INTEGER  NOT NULL
);
CREATE INDEX llm_usage_key_at ON llm_usage (key_id, at);
CREATE INDEX llm_usage_at ON llm_usage (at);
