-- The agent an LLM request was made for and the task it did ('chat', 'summarise', ...), when its caller said:
-- Helix's own calls always do, HTTP clients with the headers X-Helix-Agent and X-Helix-Task. NULL when not said.
-- Reports group and filter by them over a range of 'at', which the existing index serves.
ALTER TABLE llm_usage ADD COLUMN agent TEXT;
ALTER TABLE llm_usage ADD COLUMN task TEXT;
