-- Apps (tenants). One row per App Key; each door's credentials are unique across apps.
CREATE TABLE apps (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    org                  TEXT    NOT NULL,
    app                  TEXT    NOT NULL,
    uuid                 TEXT    NOT NULL UNIQUE,
    client_id            TEXT    NOT NULL UNIQUE,
    client_secret        TEXT    NOT NULL,
    rongcloud_app_key    TEXT    NOT NULL UNIQUE,
    rongcloud_app_secret TEXT    NOT NULL,
    created_at_ms        INTEGER NOT NULL,
    UNIQUE (org, app)
);
