-- Threads (子区, groups-chatrooms §4). `thread_id` is the public id (a u64 from the id generator, below
-- 2^63); `id` is the row id, the creation order that list cursors use. A thread belongs to a group row:
-- destroying the group deletes its threads (§1.3). One thread per parent message: UNIQUE (app_id, msg_id).
-- `owner_id` is not a reference to users: a thread outlives its creator's membership, and the owner row
-- goes only with the user (ON DELETE CASCADE would delete the thread, which the docs do not say).
CREATE TABLE threads (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id     INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    thread_id  INTEGER NOT NULL,
    group_row  INTEGER NOT NULL REFERENCES chat_groups (id) ON DELETE CASCADE,
    msg_id     INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    owner_name TEXT    NOT NULL,
    created_ms INTEGER NOT NULL,
    UNIQUE (app_id, thread_id),
    UNIQUE (app_id, msg_id)
);
CREATE INDEX threads_by_group ON threads (group_row);

-- Members; the row id is the join order (a user's thread list and the member list page by it).
CREATE TABLE thread_members (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_row INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_ms  INTEGER NOT NULL,
    UNIQUE (thread_row, user_id)
);
CREATE INDEX thread_members_by_user ON thread_members (user_id);

-- Leaving a group (or being removed from it) leaves its threads too (§1.3).
CREATE TRIGGER thread_members_leave_with_group AFTER DELETE ON group_members
BEGIN
    DELETE FROM thread_members
    WHERE user_id = OLD.user_id
      AND thread_row IN (SELECT id FROM threads WHERE group_row = OLD.group_row);
END;
