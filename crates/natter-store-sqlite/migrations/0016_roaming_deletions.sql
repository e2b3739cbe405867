-- One-sided roaming deletions (reference users-messages §5.12): what one user no longer sees in roaming,
-- while the other participants still do. Messages themselves are never deleted here.
-- `roaming_hidden_messages`: single messages hidden from one user (deletion by id).
-- `roaming_floors`: everything up to `hidden_through_id` is hidden from the user, in one conversation, or
-- in all of them when `conversation` is '*' (deletion by time, and "delete all").
-- Imported messages (§5.14, §5.15) need no table: they are `messages` rows of kind 2, history that is in
-- no queue (see natter-store-sqlite/src/messages.rs).
CREATE TABLE roaming_hidden_messages (
    app_id       INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    username     TEXT    NOT NULL,
    message_id   INTEGER NOT NULL,
    conversation TEXT    NOT NULL,
    PRIMARY KEY (app_id, username, message_id)
) WITHOUT ROWID;

CREATE TABLE roaming_floors (
    app_id            INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    username          TEXT    NOT NULL,
    conversation      TEXT    NOT NULL,
    hidden_through_id INTEGER NOT NULL,
    PRIMARY KEY (app_id, username, conversation)
) WITHOUT ROWID;
