-- Group shared files (群文件, groups-chatrooms G12–G15): metadata only; the bytes are on disk under
-- `path_key`, relative to the server's files directory. `owner` is the uploading user's ID as text (NULL for
-- an app token), not a reference: a file outlives its uploader's membership, as in the vendor's groups.
-- The row id is the upload order (the list is newest first). A file goes with its group.
CREATE TABLE group_files (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    group_row    INTEGER NOT NULL REFERENCES chat_groups (id) ON DELETE CASCADE,
    file_id      TEXT    NOT NULL UNIQUE,
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    owner        TEXT,
    created_ms   INTEGER NOT NULL,
    path_key     TEXT    NOT NULL
);
CREATE INDEX group_files_in_order ON group_files (group_row, id);
-- The expiry sweep's work list, across apps.
CREATE INDEX group_files_by_age ON group_files (created_ms);

-- Bytes whose rows are gone, until the server has deleted them. Filled by the trigger below, so that every
-- way a row goes (deleting the file, its expiry, dissolving the group, deleting the group's owner or the
-- whole app, which cascade) leaves the bytes on this list in the same transaction. No references: an entry
-- must outlive the group and the app it belonged to.
CREATE TABLE group_file_debris (
    path_key TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TRIGGER group_files_after_delete AFTER DELETE ON group_files
BEGIN
    INSERT OR IGNORE INTO group_file_debris (path_key) VALUES (OLD.path_key);
END;
