-- RongCloud groups and chat rooms: the caller-chosen string ids of the RongCloud door, and what only that
-- door keeps about the app's groups, rooms and users. The groups and rooms themselves are the Easemob door's
-- (chat_groups, chatrooms): one app has one set of groups and rooms, whichever door made them. Every row
-- goes with the group, room, user or app it names.

-- RongCloud ids (1-64 characters, case-sensitive) of the groups made through the RongCloud door. A group
-- without a row (made through the Easemob door) is named at the RongCloud door by its decimal id.
CREATE TABLE rongcloud_group_ids (
    group_row    INTEGER PRIMARY KEY REFERENCES chat_groups (id) ON DELETE CASCADE,
    app_id       INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    rongcloud_id TEXT    NOT NULL,
    UNIQUE (app_id, rongcloud_id)
);

-- The same for chat rooms. A room without a row is named by its Easemob id.
CREATE TABLE rongcloud_chatroom_ids (
    room_row     INTEGER PRIMARY KEY REFERENCES chatrooms (id) ON DELETE CASCADE,
    app_id       INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    rongcloud_id TEXT    NOT NULL,
    UNIQUE (app_id, rongcloud_id)
);

-- The user that owns the rooms the RongCloud door creates (a RongCloud room has no owner, an Easemob room
-- must have one), one per app.
CREATE TABLE rongcloud_room_keepers (
    app_id  INTEGER PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE
);

-- Deadlines of timed chat room blocks (封禁, `/chatroom/user/block/add.json`). The block itself is the
-- room's blocklist row (chatroom_blocklist); a row here says when it lifts itself.
CREATE TABLE rongcloud_chatroom_blocks (
    room_row INTEGER NOT NULL REFERENCES chatrooms (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    until_ms INTEGER NOT NULL,
    PRIMARY KEY (room_row, user_id)
) WITHOUT ROWID;
CREATE INDEX rongcloud_chatroom_blocks_by_deadline ON rongcloud_chatroom_blocks (until_ms);
CREATE INDEX rongcloud_chatroom_blocks_by_user ON rongcloud_chatroom_blocks (user_id);

-- Per-room switches: kept alive (保活, never destroyed for being idle) and message distribution stopped.
CREATE TABLE rongcloud_chatroom_flags (
    room_row             INTEGER PRIMARY KEY REFERENCES chatrooms (id) ON DELETE CASCADE,
    keepalive            INTEGER NOT NULL DEFAULT 0,
    distribution_stopped INTEGER NOT NULL DEFAULT 0
);

-- Per-app lists of message types (objectName) for chat rooms: 'whitelist' (never dropped under load) and
-- 'low_priority' (dropped first). The row id orders each list.
CREATE TABLE rongcloud_chatroom_message_types (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id      INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    list        TEXT    NOT NULL CHECK (list IN ('whitelist', 'low_priority')),
    object_name TEXT    NOT NULL,
    UNIQUE (app_id, list, object_name)
);

-- User tags (用户标签), in the order they were set.
CREATE TABLE rongcloud_user_tags (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tag      TEXT    NOT NULL,
    PRIMARY KEY (user_id, position)
) WITHOUT ROWID;

-- Do-not-disturb of conversations the Easemob push settings have no chat type for (discussion, customer
-- service, system, public service). One-to-one and group conversations are the Easemob door's
-- per-conversation push settings.
CREATE TABLE rongcloud_conversation_mutes (
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    conversation_type INTEGER NOT NULL,
    target_id         TEXT    NOT NULL,
    PRIMARY KEY (user_id, conversation_type, target_id)
) WITHOUT ROWID;

-- Sensitive words (敏感词) per app: a message with `word` is blocked (replacement NULL) or has the word
-- replaced. The row id orders the list.
CREATE TABLE rongcloud_sensitive_words (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id      INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    word        TEXT    NOT NULL,
    replacement TEXT,
    UNIQUE (app_id, word)
);
