-- The plan's registered-user quota per app; 0 = no limit.
ALTER TABLE apps ADD COLUMN max_users INTEGER NOT NULL DEFAULT 0;
