-- Registration mode per app: 0 = authorized (an app token is needed to register), 1 = open.
ALTER TABLE apps ADD COLUMN registration_open INTEGER NOT NULL DEFAULT 0;

-- Users. The user ID is unique per app; the row id gives creation order (paging cursors use it).
CREATE TABLE users (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id                INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    username              TEXT    NOT NULL,
    uuid                  TEXT    NOT NULL UNIQUE,
    password_hash         TEXT    NOT NULL,
    activated             INTEGER NOT NULL DEFAULT 1,
    nickname              TEXT,
    created_ms            INTEGER NOT NULL,
    modified_ms           INTEGER NOT NULL,
    tokens_valid_after_ms INTEGER NOT NULL DEFAULT 0,
    UNIQUE (app_id, username)
);
