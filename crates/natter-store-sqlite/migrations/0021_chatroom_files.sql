-- Chat-room shared files (the Web SDK's uploadChatRoomSharedFile, getChatRoomSharedFilelist,
-- deleteChatRoomSharedFile; SDK-REST §3.10): as group_files (0017), for rooms. A deleted row leaves its
-- bytes on the same work list as group files (group_file_debris), so that one sweep deletes both.
CREATE TABLE chatroom_files (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    room_row     INTEGER NOT NULL REFERENCES chatrooms (id) ON DELETE CASCADE,
    file_id      TEXT    NOT NULL UNIQUE,
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL CHECK (size_bytes >= 0),
    owner        TEXT,
    created_ms   INTEGER NOT NULL,
    path_key     TEXT    NOT NULL
);
CREATE INDEX chatroom_files_in_order ON chatroom_files (room_row, id);
CREATE INDEX chatroom_files_by_age ON chatroom_files (created_ms);

CREATE TRIGGER chatroom_files_after_delete AFTER DELETE ON chatroom_files
BEGIN
    INSERT OR IGNORE INTO group_file_debris (path_key) VALUES (OLD.path_key);
END;
