-- User attributes (用户属性): one row per (user, attribute name). Deleting a user deletes its attributes.
-- `bytes` is the attribute's weight (UTF-8 bytes of name + value, natter_store::attribute_bytes), stored
-- so that budgets are sums of integers. `app_id` repeats the user's app for the per-app usage counter.
CREATE TABLE user_attributes (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_id  INTEGER NOT NULL,
    name    TEXT    NOT NULL,
    value   TEXT    NOT NULL,
    bytes   INTEGER NOT NULL,
    PRIMARY KEY (user_id, name)
) WITHOUT ROWID;

-- Per-app switches and budgets; an app without a row has the defaults (enabled, 2 KB, 10 GB).
CREATE TABLE user_attribute_settings (
    app_id           INTEGER PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
    enabled          INTEGER NOT NULL,
    user_limit_bytes INTEGER NOT NULL,
    app_limit_bytes  INTEGER NOT NULL
);

-- The size of each app's attributes, kept by the triggers below so that the per-app budget check and
-- `GET metadata/user/capacity` do not sum the whole app. Cascading deletes (a deleted user) fire the
-- delete trigger too. (No `INSERT OR IGNORE` in the triggers: the firing statement's conflict policy
-- would override it.)
CREATE TABLE user_attribute_usage (
    app_id INTEGER PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
    bytes  INTEGER NOT NULL
);

CREATE TRIGGER user_attributes_after_insert AFTER INSERT ON user_attributes
BEGIN
    INSERT INTO user_attribute_usage (app_id, bytes) SELECT NEW.app_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM user_attribute_usage WHERE app_id = NEW.app_id);
    UPDATE user_attribute_usage SET bytes = bytes + NEW.bytes WHERE app_id = NEW.app_id;
END;

CREATE TRIGGER user_attributes_after_update AFTER UPDATE ON user_attributes
BEGIN
    UPDATE user_attribute_usage SET bytes = bytes - OLD.bytes WHERE app_id = OLD.app_id;
    INSERT INTO user_attribute_usage (app_id, bytes) SELECT NEW.app_id, 0
        WHERE NOT EXISTS (SELECT 1 FROM user_attribute_usage WHERE app_id = NEW.app_id);
    UPDATE user_attribute_usage SET bytes = bytes + NEW.bytes WHERE app_id = NEW.app_id;
END;

CREATE TRIGGER user_attributes_after_delete AFTER DELETE ON user_attributes
BEGIN
    UPDATE user_attribute_usage SET bytes = bytes - OLD.bytes WHERE app_id = OLD.app_id;
END;
