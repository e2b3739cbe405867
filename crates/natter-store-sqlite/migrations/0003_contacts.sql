-- Contacts (好友). Mutual: a contact is two rows, one per side, each with that side's own remark. The row
-- id gives the order a user's contacts were added in (paged lists go newest first and page by it).
-- Deleting either user removes both rows.
CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    friend_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    remark     TEXT,
    created_ms INTEGER NOT NULL,
    UNIQUE (owner_id, friend_id)
);
-- The cascade from users looks rows up by friend too.
CREATE INDEX contacts_by_friend ON contacts (friend_id);

-- Pending contact requests (the SDK's `contacts/apply`), until accepted or declined.
CREATE TABLE contact_requests (
    requester_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason       TEXT,
    created_ms   INTEGER NOT NULL,
    PRIMARY KEY (requester_id, target_id)
);
CREATE INDEX contact_requests_by_target ON contact_requests (target_id);

-- Blocklists (黑名单). One-way: the owner blocks the other user. The row id orders the list.
CREATE TABLE blocks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_ms INTEGER NOT NULL,
    UNIQUE (owner_id, blocked_id)
);
CREATE INDEX blocks_by_blocked ON blocks (blocked_id);
