-- The role of the key that wrote a state version ('admin' or 'user'): what other keys may see of the author, whose
-- name and key id only admins and the author itself see. NULL for file edits and for versions written before.
ALTER TABLE state_versions ADD COLUMN author_role TEXT;
