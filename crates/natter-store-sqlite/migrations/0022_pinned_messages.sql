-- Pinned messages (置顶消息, the Web SDK's pinMessage / unpinMessage / getServerPinnedMessages, SDK-REST
-- §2.4): per conversation, shared by its members, with who pinned it and when. Message ids are not
-- references (messages are keyed by (app_id, id) in a WITHOUT ROWID table); a message that is gone is
-- skipped when the list is read.
CREATE TABLE pinned_messages (
    app_id       INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    conversation TEXT    NOT NULL,
    message_id   INTEGER NOT NULL,
    operator     TEXT    NOT NULL,
    pinned_ms    INTEGER NOT NULL,
    PRIMARY KEY (app_id, conversation, message_id)
) WITHOUT ROWID;
CREATE INDEX pinned_messages_by_time ON pinned_messages (app_id, conversation, pinned_ms);
