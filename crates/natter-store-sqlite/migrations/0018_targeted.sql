-- Targeted (定向) messages (reference users-messages §5.3, §5.5; RongCloud directed group messages): a row of
-- the group's or room's timeline like any other, with the users who alone receive it besides the sender.
-- `recipients` is ',bob,carol,' (user IDs never hold a comma), so `instr(recipients, ',bob,')` tests one
-- user; NULL for every other message. A targeted message has `kind` 3 (a signal about one keeps kind 1 and
-- its recipients): history (`kind IN (0, 2)`) and unread counts (`kind = 0`) leave it out by kind, and the
-- insert writes no conversation head for it, so the conversation list never shows it.
ALTER TABLE messages ADD COLUMN recipients TEXT;
-- The offline-queue lookup of a user's targeted messages (unread_queues) reads only these rows.
CREATE INDEX messages_targeted ON messages (app_id, conversation, id) WHERE recipients IS NOT NULL;
