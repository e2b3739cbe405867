-- Presence (users-messages §7). One row per (user, device resource) that published a status; the user's
-- description and last publish time are in presence_users. Both go with the user.
CREATE TABLE presence_users (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    ext     TEXT    NOT NULL,
    last_ms INTEGER NOT NULL
);
CREATE TABLE presence_devices (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    resource TEXT    NOT NULL,
    status   TEXT    NOT NULL,
    PRIMARY KEY (user_id, resource)
) WITHOUT ROWID;

-- Presence subscriptions: the subscriber is a user row, the target a user ID as text (not checked, as the
-- vendor does not check it). The row id is the order subscriptions were first made (the sublist order).
CREATE TABLE presence_subscriptions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    subscriber_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target        TEXT    NOT NULL,
    expiry_ms     INTEGER NOT NULL,
    UNIQUE (subscriber_id, target)
);
CREATE INDEX presence_subscriptions_by_expiry ON presence_subscriptions (subscriber_id, expiry_ms);

-- Message reactions (users-messages §8). A reaction row per (message, reaction text): its id is the
-- `reactionId`. One row per user who added it; that row id orders the detail list and is its cursor. Message
-- ids are not references: a message's row lives in a WITHOUT ROWID table keyed by (app_id, id).
CREATE TABLE message_reactions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id     INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    message_id INTEGER NOT NULL,
    reaction   TEXT    NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    UNIQUE (app_id, message_id, reaction)
);
CREATE TABLE message_reaction_users (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    reaction_id INTEGER NOT NULL REFERENCES message_reactions (id) ON DELETE CASCADE,
    username    TEXT    NOT NULL,
    created_ms  INTEGER NOT NULL,
    UNIQUE (reaction_id, username)
);

-- The SDK's conversation flags (SDK-REST §2.4): pinned (with its time) and marks as a 20-bit set, keyed like
-- user_conversations by user ID and conversation key as text. A row with no flag left is deleted.
CREATE TABLE conversation_flags (
    app_id       INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    username     TEXT    NOT NULL,
    conversation TEXT    NOT NULL,
    pinned_ms    INTEGER,
    marks        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, username, conversation)
) WITHOUT ROWID;
