-- Groups (群组). `group_id` is the public id (a u64 from the id generator, below 2^63), unique per app;
-- `id` is the row id the other tables point at. Deleting the owner's user row dissolves the group
-- (reference groups-chatrooms §2.6), and dissolving it deletes its members and requests. The table is
-- `chat_groups` because GROUPS is an SQL keyword (window frames).
CREATE TABLE chat_groups (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id              INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    group_id            INTEGER NOT NULL,
    owner_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                TEXT    NOT NULL,
    description         TEXT    NOT NULL,
    avatar              TEXT    NOT NULL,
    custom              TEXT    NOT NULL,
    public              INTEGER NOT NULL,
    members_only        INTEGER NOT NULL,
    allow_invites       INTEGER NOT NULL,
    invite_need_confirm INTEGER NOT NULL,
    max_users           INTEGER NOT NULL,
    -- Kept by the triggers below, so that limits and listings do not count members.
    member_count        INTEGER NOT NULL DEFAULT 0,
    -- Banned by the app (群组封禁) and mute-all (全员禁言): columns for the endpoints that will set them.
    disabled            INTEGER NOT NULL DEFAULT 0,
    mute_all            INTEGER NOT NULL DEFAULT 0,
    created_ms          INTEGER NOT NULL,
    modified_ms         INTEGER NOT NULL,
    UNIQUE (app_id, group_id)
);
CREATE INDEX chat_groups_by_owner ON chat_groups (owner_id);

-- Members, the owner included (role 'owner'). The row id is the join order (paging cursors use it).
-- UNIQUE (group_row, user_id) is the index of the membership check every group message asks.
CREATE TABLE group_members (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    group_row     INTEGER NOT NULL REFERENCES chat_groups (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT    NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    joined_ms     INTEGER NOT NULL,
    -- Group mute (群成员禁言), for the mute endpoints: NULL = not muted, -1 = until lifted, else Unix ms.
    mute_until_ms INTEGER,
    UNIQUE (group_row, user_id)
);
CREATE INDEX group_members_in_order ON group_members (group_row, id);
CREATE INDEX group_members_by_user ON group_members (user_id);

CREATE TRIGGER group_members_after_insert AFTER INSERT ON group_members
BEGIN
    UPDATE chat_groups SET member_count = member_count + 1 WHERE id = NEW.group_row;
END;

CREATE TRIGGER group_members_after_delete AFTER DELETE ON group_members
BEGIN
    UPDATE chat_groups SET member_count = member_count - 1 WHERE id = OLD.group_row;
END;

-- Pending invitations (kind 'invite': the invitee must accept) and join applications (kind 'apply': an
-- owner or admin must approve), until answered.
CREATE TABLE group_requests (
    group_row  INTEGER NOT NULL REFERENCES chat_groups (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('invite', 'apply')),
    message    TEXT,
    created_ms INTEGER NOT NULL,
    PRIMARY KEY (group_row, user_id, kind)
);
CREATE INDEX group_requests_by_user ON group_requests (user_id);

-- Per-app group limits (套餐); an app without a row has natter_core::GroupLimits::default().
-- max_groups_per_app NULL = unlimited.
CREATE TABLE group_settings (
    app_id              INTEGER PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
    max_users_per_group INTEGER NOT NULL,
    max_groups_per_user INTEGER NOT NULL,
    max_groups_per_app  INTEGER,
    max_admins          INTEGER NOT NULL
);
