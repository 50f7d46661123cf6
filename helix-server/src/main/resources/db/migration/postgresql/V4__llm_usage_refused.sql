-- Why the gateway refused a request without calling a provider: 'budget', 'rpm' or 'tpm' (a limit of the key) or
-- 'invalid' (the request could not be served as asked: malformed, too large, an unknown model); NULL for a request
-- it served or tried to serve.
ALTER TABLE llm_usage ADD COLUMN refused TEXT;
