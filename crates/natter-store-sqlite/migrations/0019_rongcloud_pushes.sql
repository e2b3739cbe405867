-- Pushes the RongCloud door accepted (`/push.json`, `/push/user.json`), kept for the push sender that will
-- hand them to APNs and FCM. `request` is the validated request as JSON text; `push_id` is the id the reply
-- gave the caller; `recipients` counts the users its audience selected, `messages` those that got its
-- in-app message. Each row goes with its app.
CREATE TABLE rongcloud_pushes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id     INTEGER NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    push_id    TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('audience', 'users')),
    request    TEXT    NOT NULL,
    recipients INTEGER NOT NULL,
    messages   INTEGER NOT NULL,
    created_ms INTEGER NOT NULL,
    UNIQUE (app_id, push_id)
);

-- A push to tags reads the users that have a tag: by tag, not by user.
CREATE INDEX rongcloud_user_tags_by_tag ON rongcloud_user_tags (tag, user_id);

-- A push to a package name reads the users with a binding of that certificate.
CREATE INDEX push_bindings_by_notifier ON push_bindings (notifier_name, user_id);
