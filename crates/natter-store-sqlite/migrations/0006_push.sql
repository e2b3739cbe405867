-- Offline-push settings (reference §9). Every per-user row goes with its user (ON DELETE CASCADE), the
-- templates with their app. Nothing here is read by another table.

-- A device's binding to a push certificate (`notifier_name`) and its token.
CREATE TABLE push_bindings (
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id     TEXT    NOT NULL,
    notifier_name TEXT    NOT NULL,
    device_token  TEXT    NOT NULL,
    updated_ms    INTEGER NOT NULL,
    PRIMARY KEY (user_id, device_id, notifier_name)
);

-- One row per user that set any of its own push settings; NULL = unset.
CREATE TABLE push_user_settings (
    user_id                    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    display_style              INTEGER,
    language                   TEXT,
    template_name              TEXT,
    legacy_no_disturbing       INTEGER,
    legacy_no_disturbing_start TEXT,
    legacy_no_disturbing_end   TEXT
);

-- Groups muted with the legacy `notification_ignore_<groupId>: true`.
CREATE TABLE push_ignored_groups (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_id TEXT    NOT NULL,
    PRIMARY KEY (user_id, group_id)
);

-- Push mode and do-not-disturb per conversation; (chat_type 'user', key = the user itself) is the app level.
-- ignore_interval is canonical `HH:MM-HH:MM`; ignore_until_ms the end of a one-shot DND (Unix ms).
CREATE TABLE push_conversations (
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    chat_type        TEXT    NOT NULL,
    conversation_key TEXT    NOT NULL,
    mode             TEXT,
    ignore_interval  TEXT,
    ignore_until_ms  INTEGER,
    PRIMARY KEY (user_id, chat_type, conversation_key)
);

-- The app's push templates; names are case-sensitive.
CREATE TABLE push_templates (
    app_id          INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    title_pattern   TEXT    NOT NULL,
    content_pattern TEXT    NOT NULL,
    created_ms      INTEGER NOT NULL,
    updated_ms      INTEGER NOT NULL,
    PRIMARY KEY (app_id, name)
);
