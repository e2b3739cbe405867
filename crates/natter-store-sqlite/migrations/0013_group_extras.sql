-- Group announcements, block-, mute- and allowlists, and member custom attributes (groups-chatrooms
-- G10–G11, M10–M23, A1–A4). `chat_groups.disabled` (G2) and `chat_groups.mute_all` (M18) came with 0007.

ALTER TABLE chat_groups ADD COLUMN announcement TEXT NOT NULL DEFAULT '';

-- Mutes live in their own table, not in `group_members.mute_until_ms` (0007): leaving and joining again
-- before a mute ends keeps it (§1.5), and a members column would go with the membership. The column was
-- never written.
ALTER TABLE group_members DROP COLUMN mute_until_ms;

-- Member mutes (禁言). until_ms = -1: until lifted, else Unix ms. An expired row is ignored by every read
-- (a mute lifts itself) and replaced by the next mute of that user. The row id orders the mute list.
CREATE TABLE group_mutes (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    group_row INTEGER NOT NULL REFERENCES chat_groups (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    until_ms  INTEGER NOT NULL,
    UNIQUE (group_row, user_id)
);
CREATE INDEX group_mutes_by_user ON group_mutes (user_id);

-- Allowlist (白名单): members who may speak during mute-all. Members only: leaving takes a user off it.
CREATE TABLE group_allowlist (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    group_row INTEGER NOT NULL REFERENCES chat_groups (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_ms  INTEGER NOT NULL,
    UNIQUE (group_row, user_id)
);
CREATE INDEX group_allowlist_by_user ON group_allowlist (user_id);

-- Blocklist (黑名单): a blocked user is out of the group and cannot join again until unblocked.
CREATE TABLE group_blocklist (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    group_row INTEGER NOT NULL REFERENCES chat_groups (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_ms  INTEGER NOT NULL,
    UNIQUE (group_row, user_id)
);
CREATE INDEX group_blocklist_by_user ON group_blocklist (user_id);

-- Member custom attributes (群成员自定义属性): key ≤ 16 bytes, value ≤ 512 bytes, ≤ 4 KB per member
-- (checked by the store before it writes). They belong to the membership.
CREATE TABLE group_member_attributes (
    group_row INTEGER NOT NULL REFERENCES chat_groups (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key       TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    PRIMARY KEY (group_row, user_id, key)
) WITHOUT ROWID;
CREATE INDEX group_member_attributes_by_user ON group_member_attributes (user_id);

-- Whatever takes a member out of a group (quit, removal, blocking) takes its allowlist entry and its
-- attributes too; its mute stays.
CREATE TRIGGER group_members_after_delete_extras AFTER DELETE ON group_members
BEGIN
    DELETE FROM group_allowlist WHERE group_row = OLD.group_row AND user_id = OLD.user_id;
    DELETE FROM group_member_attributes WHERE group_row = OLD.group_row AND user_id = OLD.user_id;
END;
