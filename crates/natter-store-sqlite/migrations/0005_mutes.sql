-- Global mutes: one row per (user, scope) in force. until_ms = -1 means until lifted.
CREATE TABLE user_mutes (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope    TEXT    NOT NULL CHECK (scope IN ('chat', 'groupchat', 'chatroom')),
    until_ms INTEGER NOT NULL,
    PRIMARY KEY (user_id, scope)
);
