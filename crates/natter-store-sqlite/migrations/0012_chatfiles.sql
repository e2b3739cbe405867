-- Uploaded files (chatfiles): metadata only; the bytes are on disk under `path_key`, relative to the
-- server's files directory. `owner` is the uploading user's ID as text (NULL for an app token), not a
-- reference: a file outlives its uploader, as the messages that link to it do. A swept row is a tombstone
-- whose bytes the expiry sweep deleted; it keeps answering "expired" until it is purged.
CREATE TABLE chatfiles (
    app_id           INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    uuid             TEXT    NOT NULL,
    share_secret     TEXT    NOT NULL,
    restricted       INTEGER NOT NULL,
    filename         TEXT    NOT NULL,
    content_type     TEXT    NOT NULL,
    size_bytes       INTEGER NOT NULL CHECK (size_bytes >= 0),
    owner            TEXT,
    thumbnail_width  INTEGER NOT NULL,
    thumbnail_height INTEGER NOT NULL,
    created_ms       INTEGER NOT NULL,
    path_key         TEXT    NOT NULL,
    swept            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, uuid)
);

-- The sweep's work list: unswept files by age, across apps.
CREATE INDEX chatfiles_by_age ON chatfiles (swept, created_ms);
