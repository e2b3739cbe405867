-- What only the RongCloud door keeps about users. Every row goes with its user.

-- The portrait URI (`portraitUri`); the name is the users table's push nickname, shared by every door.
CREATE TABLE rongcloud_portraits (
    user_id      INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    portrait_uri TEXT    NOT NULL
);

-- Deadlines of timed bans (`/user/block.json`). The ban itself is users.activated = 0; a row here says when
-- it lifts itself.
CREATE TABLE rongcloud_bans (
    user_id  INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    until_ms INTEGER NOT NULL
);
CREATE INDEX rongcloud_bans_by_deadline ON rongcloud_bans (until_ms);

-- Whitelists (白名单): the owner receives one-to-one messages only from the users on it (when the app turns
-- the whitelist on). The row id orders the list.
CREATE TABLE rongcloud_whitelists (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    allowed_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_ms INTEGER NOT NULL,
    UNIQUE (owner_id, allowed_id)
);
-- The cascade from users looks rows up by the allowed user too.
CREATE INDEX rongcloud_whitelists_by_allowed ON rongcloud_whitelists (allowed_id);
