-- API keys: only a SHA-256 hash of each secret is kept. Times are epoch milliseconds (UTC).
CREATE TABLE api_keys (
    id           VARCHAR(40)  NOT NULL PRIMARY KEY,
    name         VARCHAR(100) NOT NULL,
    role         VARCHAR(10)  NOT NULL CHECK (role IN ('admin', 'user')),
    key_hash     CHAR(64)     NOT NULL UNIQUE,
    key_prefix   VARCHAR(16)  NOT NULL,
    created_at   BIGINT       NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
