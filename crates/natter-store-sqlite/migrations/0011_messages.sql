-- Messages (issue 5). One row per message in its conversation's timeline; queues are cursors into the
-- timelines, so a group message is one row however many members the group has (fan-out on read).
-- `conversation`: 'c:{a}:{b}' (1:1, a < b), 'g:{group id}', 'r:{room id}'. `kind` 0 = message, 1 = signal
-- (read/delivery/channel ack, recall, edit): signals travel through the queues but are not history.
-- `body` is the encoded msync MessageBody. User names are text, not user ids: history outlives accounts.
CREATE TABLE messages (
    app_id        INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    id            INTEGER NOT NULL,
    conversation  TEXT    NOT NULL,
    chat_type     TEXT    NOT NULL CHECK (chat_type IN ('chat', 'groupchat', 'chatroom')),
    kind          INTEGER NOT NULL,
    from_user     TEXT    NOT NULL,
    from_resource TEXT    NOT NULL,
    to_target     TEXT    NOT NULL,
    body          BLOB    NOT NULL,
    created_ms    INTEGER NOT NULL,
    recalled      INTEGER NOT NULL DEFAULT 0,
    edit_count    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, id)
) WITHOUT ROWID;
CREATE INDEX messages_in_conversation ON messages (app_id, conversation, id);

-- The newest row of each conversation, and its newest real message (for the conversation list).
CREATE TABLE conversation_heads (
    app_id          INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    conversation    TEXT    NOT NULL,
    last_id         INTEGER NOT NULL,
    last_message_id INTEGER,
    PRIMARY KEY (app_id, conversation)
) WITHOUT ROWID;

-- Each user's side of a conversation: 1:1 rows are written with every message (two per message); group
-- rows only when the user reads or deletes the conversation. `last_in_id` is the newest row from the
-- peer (what makes the queue unread), `read_id` the user's last read acknowledgement, `hidden_until_id`
-- hides a deleted group conversation until something newer arrives.
CREATE TABLE user_conversations (
    app_id          INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    username        TEXT    NOT NULL,
    conversation    TEXT    NOT NULL,
    chat_type       TEXT    NOT NULL,
    peer            TEXT    NOT NULL,
    last_id         INTEGER NOT NULL DEFAULT 0,
    last_in_id      INTEGER NOT NULL DEFAULT 0,
    last_message_id INTEGER,
    read_id         INTEGER NOT NULL DEFAULT 0,
    hidden_until_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, username, conversation)
) WITHOUT ROWID;
CREATE INDEX user_conversations_by_activity ON user_conversations (app_id, username, last_id);

-- Queue positions: everything up to acked_id has been acknowledged by one of the user's devices.
CREATE TABLE queue_cursors (
    app_id       INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    username     TEXT    NOT NULL,
    conversation TEXT    NOT NULL,
    acked_id     INTEGER NOT NULL,
    PRIMARY KEY (app_id, username, conversation)
) WITHOUT ROWID;
