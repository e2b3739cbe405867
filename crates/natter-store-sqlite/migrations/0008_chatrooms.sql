-- Chat rooms (聊天室). The public id (`room_id`) is unique per app; the row id orders rooms by creation and
-- is what every other room table references. Deleting the owner deletes the room (users-messages §2.6),
-- and deleting a room deletes everything below it.
CREATE TABLE chatrooms (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id       INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    room_id      TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    description  TEXT    NOT NULL,
    announcement TEXT    NOT NULL DEFAULT '',
    custom       TEXT    NOT NULL DEFAULT '',
    max_members  INTEGER NOT NULL,
    owner_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mute_all     INTEGER NOT NULL DEFAULT 0,
    -- Members, the owner included; kept by the triggers below so that capacity checks and listings do not
    -- count a room of 100,000.
    member_count INTEGER NOT NULL DEFAULT 0,
    created_ms   INTEGER NOT NULL,
    UNIQUE (app_id, room_id)
);
CREATE INDEX chatrooms_by_owner ON chatrooms (owner_id);

-- Members. role: 0 member, 1 admin, 2 owner. The row id is the join order (keyset paging); the unique
-- (room, user) index answers "is this user in this room" in one lookup.
CREATE TABLE chatroom_members (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    room_id   INTEGER NOT NULL REFERENCES chatrooms (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      INTEGER NOT NULL CHECK (role IN (0, 1, 2)),
    joined_ms INTEGER NOT NULL,
    UNIQUE (room_id, user_id)
);
-- (room, row id): a room's members in join order. (user, row id): a user's rooms, newest join last.
CREATE INDEX chatroom_members_by_room ON chatroom_members (room_id);
CREATE INDEX chatroom_members_by_user ON chatroom_members (user_id);

CREATE TRIGGER chatroom_members_after_insert AFTER INSERT ON chatroom_members
BEGIN
    UPDATE chatrooms SET member_count = member_count + 1 WHERE id = NEW.room_id;
END;

CREATE TRIGGER chatroom_members_after_delete AFTER DELETE ON chatroom_members
BEGIN
    UPDATE chatrooms SET member_count = member_count - 1 WHERE id = OLD.room_id;
END;

-- Member mutes. until_ms = -1: until lifted. An expired row is ignored by every read (a mute lifts itself)
-- and replaced by the next mute of that user. Mutes outlive membership: leaving and rejoining keeps them.
CREATE TABLE chatroom_mutes (
    room_id  INTEGER NOT NULL REFERENCES chatrooms (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    until_ms INTEGER NOT NULL,
    PRIMARY KEY (room_id, user_id)
) WITHOUT ROWID;
CREATE INDEX chatroom_mutes_by_user ON chatroom_mutes (user_id);

-- Allowlist (白名单): members only; leaving the room takes a user off it.
CREATE TABLE chatroom_allowlist (
    room_id  INTEGER NOT NULL REFERENCES chatrooms (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_ms INTEGER NOT NULL,
    PRIMARY KEY (room_id, user_id)
) WITHOUT ROWID;
CREATE INDEX chatroom_allowlist_by_user ON chatroom_allowlist (user_id);

-- Blocklist (黑名单): a blocked user is out of the room and cannot be added back until unblocked.
CREATE TABLE chatroom_blocklist (
    room_id  INTEGER NOT NULL REFERENCES chatrooms (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_ms INTEGER NOT NULL,
    PRIMARY KEY (room_id, user_id)
) WITHOUT ROWID;
CREATE INDEX chatroom_blocklist_by_user ON chatroom_blocklist (user_id);

-- Super admins (超级管理员): the users who may create rooms with a user token.
CREATE TABLE chatroom_super_admins (
    user_id  INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    app_id   INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    added_ms INTEGER NOT NULL
);
CREATE INDEX chatroom_super_admins_by_app ON chatroom_super_admins (app_id, added_ms);

-- Custom attributes (聊天室自定义属性, KV): each key belongs to the user who set it last.
CREATE TABLE chatroom_attributes (
    room_id     INTEGER NOT NULL REFERENCES chatrooms (id) ON DELETE CASCADE,
    key         TEXT    NOT NULL,
    value       TEXT    NOT NULL,
    owner_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    auto_delete INTEGER NOT NULL,
    PRIMARY KEY (room_id, key)
) WITHOUT ROWID;
CREATE INDEX chatroom_attributes_by_owner ON chatroom_attributes (owner_id, room_id);

-- Per-app room limits; an app without a row has natter_core::chatroom::ChatRoomLimits::default().
CREATE TABLE chatroom_settings (
    app_id              INTEGER PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
    max_rooms_per_app   INTEGER NOT NULL,
    max_rooms_per_user  INTEGER NOT NULL,
    max_members_cap     INTEGER NOT NULL,
    default_max_members INTEGER NOT NULL
);
