-- Add the column, fill it for existing users, then require it.
ALTER TABLE users ADD COLUMN display_name TEXT;

UPDATE users SET display_name = split_part(email, '@', 1) WHERE display_name IS NULL;

ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;
