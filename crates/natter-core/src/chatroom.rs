//! Chat rooms (聊天室): room ids, roles, the per-plan limits and the permission rules. No IO.
//!
//! A room has one owner (创建者/所有者), up to 99 admins (管理员) and plain members. The owner appoints admins,
//! destroys the room and transfers it; owner and admins edit the room and manage plain members; the owner
//! also manages admins (Easemob `room_members.md`, `room_manage.md`, `room_attributes.md`). An app token
//! is above all of them. Only super admins (超级管理员) may create rooms with a user token.

use crate::UserName;
use std::fmt;

/// The longest room name, in characters.
pub const MAX_NAME_CHARS: usize = 128;
/// The longest room description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 512;
/// The longest announcement, in characters.
pub const MAX_ANNOUNCEMENT_CHARS: usize = 512;
/// The largest `custom` extension, in bytes (8 KB, the newest docs; older ones said 1,024 characters).
pub const MAX_CUSTOM_BYTES: usize = 8 * 1024;
/// The longest custom room id, in characters.
pub const MAX_ROOM_ID_CHARS: usize = 64;
/// Owner plus admins are at most 100.
pub const MAX_ADMINS: usize = 99;
/// Room ids per details request.
pub const MAX_DETAILS_BATCH: usize = 100;
/// Users per add-members call.
pub const MAX_ADD_BATCH: usize = 100;
/// Users per remove-members call.
pub const MAX_REMOVE_BATCH: usize = 60;
/// Users per mute call.
pub const MAX_MUTE_BATCH: usize = 100;
/// Users per unmute call.
pub const MAX_UNMUTE_BATCH: usize = 60;
/// Users per allowlist-add call.
pub const MAX_ALLOW_BATCH: usize = 100;
/// Users per allowlist-remove call.
pub const MAX_DISALLOW_BATCH: usize = 60;
/// Users per blocklist-add call (the page says 60; see `ErrorKind::ChatRoomBlockTooMany`).
pub const MAX_BLOCK_BATCH: usize = 60;
/// Users per blocklist-remove call.
pub const MAX_UNBLOCK_BATCH: usize = 60;
/// Custom attributes (KV) a room may hold.
pub const MAX_ATTRIBUTES_PER_ROOM: usize = 100;
/// Pairs or keys per attribute set or delete call.
pub const MAX_ATTRIBUTES_PER_CALL: usize = 10;
/// The longest attribute key, in characters.
pub const MAX_ATTRIBUTE_KEY_CHARS: usize = 128;
/// The longest attribute value, in characters.
pub const MAX_ATTRIBUTE_VALUE_CHARS: usize = 4096;

/// A chat room id (聊天室 ID): the decimal string of a generated u64, or a custom id of at most 64
/// characters from `a-z 0-9` (the create call's `roomid`). Generated ids fit the same charset.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChatRoomId(String);

impl ChatRoomId {
    /// The id of a generated number (`IdGenerator::next`).
    pub fn generated(number: u64) -> ChatRoomId {
        ChatRoomId(number.to_string())
    }

    /// A well-formed id, or `None`: a text that cannot be an id names no room.
    pub fn parse(text: &str) -> Option<ChatRoomId> {
        let legal = !text.is_empty()
            && text.chars().count() <= MAX_ROOM_ID_CHARS
            && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        legal.then(|| ChatRoomId(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ChatRoomId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// The vendor's plans (套餐). Only their chat-room limits matter here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plan {
    Free,
    Pro,
    Flagship,
}

/// The chat-room limits of one app, kept as app settings.
///
/// Documented: rooms per app (Free 100, `basic_chat_room.md`; Pro and Flagship "unlimited", but the
/// Chinese console page caps peak groups plus rooms at 100,000 a month, which Natter reads as 100,000
/// rooms), `maxusers` in [1, 10,000] with 1,000 by default. Not documented: how many rooms one user may
/// be in (only the error text exists). Decision: the plan's per-user group figure (100 / 600 / 3,000),
/// the closest documented number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChatRoomLimits {
    /// Rooms the app may hold at once (destroyed rooms do not count).
    pub max_rooms_per_app: u64,
    /// Rooms one user may be a member (or the owner) of.
    pub max_rooms_per_user: u64,
    /// The largest `maxusers` a room may have.
    pub max_members_cap: u32,
    /// `maxusers` when the create call gives none.
    pub default_max_members: u32,
}

impl ChatRoomLimits {
    pub const fn for_plan(plan: Plan) -> ChatRoomLimits {
        let (max_rooms_per_app, max_rooms_per_user) = match plan {
            Plan::Free => (100, 100),
            Plan::Pro => (100_000, 600),
            Plan::Flagship => (100_000, 3_000),
        };
        ChatRoomLimits {
            max_rooms_per_app,
            max_rooms_per_user,
            max_members_cap: 10_000,
            default_max_members: 1_000,
        }
    }
}

impl Default for ChatRoomLimits {
    /// Decision: a self-hosted app gets the most generous plan unless its settings say otherwise.
    fn default() -> ChatRoomLimits {
        ChatRoomLimits::for_plan(Plan::Flagship)
    }
}

/// A member's role. The owner is a member too; admins are members with rights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChatRoomRole {
    Member,
    Admin,
    Owner,
}

impl ChatRoomRole {
    /// Owner or admin: may manage plain members, edit the room, see its moderation lists.
    pub const fn is_moderator(self) -> bool {
        matches!(self, ChatRoomRole::Admin | ChatRoomRole::Owner)
    }
}

/// A stored room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatRoom {
    /// The store's row id: creation order, the list cursor.
    pub seq: i64,
    pub id: ChatRoomId,
    pub name: String,
    pub description: String,
    pub announcement: String,
    pub custom: String,
    /// `maxusers`, the owner included.
    pub max_members: u32,
    pub owner: UserName,
    pub created_ms: i64,
    /// Mute-all (全员禁言) is on.
    pub mute_all: bool,
    /// Members, the owner included.
    pub member_count: u64,
}

/// A room to create. `members` excludes the owner and holds no duplicates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewChatRoom {
    pub id: ChatRoomId,
    pub name: String,
    pub description: String,
    pub custom: String,
    pub max_members: u32,
    pub owner: UserName,
    pub members: Vec<UserName>,
    pub created_ms: i64,
}

/// What a mute call asks for (`mute_duration`, in milliseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MuteDuration {
    /// `0`: lift the mute.
    Lift,
    /// `-1`: until lifted.
    Forever,
    /// `> 0`: this many milliseconds from now.
    For(i64),
}

impl MuteDuration {
    /// The documented values; anything below -1 is not one.
    pub const fn from_ms(ms: i64) -> Option<MuteDuration> {
        match ms {
            -1 => Some(MuteDuration::Forever),
            0 => Some(MuteDuration::Lift),
            1.. => Some(MuteDuration::For(ms)),
            _ => None,
        }
    }
}

/// An operation a user token asks for, for [`user_may`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoomAction {
    /// Details and the announcement: everyone but the blocklisted.
    View,
    /// The member and admin lists, the room's custom attributes: members.
    ViewMembers,
    /// The mute list, allowlist and blocklist: owner and admins.
    ViewModeration,
    /// Name, description, `maxusers`, announcement, mute-all, adding members: owner and admins.
    Moderate,
    /// Removing, muting, allow- or blocklisting a user whose role (if any) is given: the owner acts on
    /// anyone but itself, an admin on plain members and non-members only.
    ManageUser(Option<ChatRoomRole>),
    /// Appointing and removing admins, transferring, destroying: the owner.
    Own,
}

/// Whether a user whose role in the room is `actor` (`None`: not a member) and who is (not) on the
/// room's blocklist may do `action`. App tokens are not asked: they may do everything.
pub const fn user_may(actor: Option<ChatRoomRole>, blocked: bool, action: RoomAction) -> bool {
    use ChatRoomRole::*;
    match action {
        RoomAction::View => !blocked,
        RoomAction::ViewMembers => actor.is_some(),
        RoomAction::ViewModeration | RoomAction::Moderate => matches!(actor, Some(Owner | Admin)),
        RoomAction::ManageUser(target) => match (actor, target) {
            (Some(Owner), Some(Owner)) => false,
            (Some(Owner), _) => true,
            (Some(Admin), None | Some(Member)) => true,
            _ => false,
        },
        RoomAction::Own => matches!(actor, Some(Owner)),
    }
}

/// Why one custom attribute pair is refused before it reaches the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeProblem {
    /// The key is longer than 128 characters.
    KeyTooLong,
    /// The key is empty or has a character outside `a-z A-Z 0-9 _ - .`.
    KeyIllegal,
    /// The value is longer than 4,096 characters.
    ValueTooLong,
}

/// Checks a key on its own (delete calls name keys without values).
pub fn check_attribute_key(key: &str) -> Result<(), AttributeProblem> {
    if key.chars().count() > MAX_ATTRIBUTE_KEY_CHARS {
        return Err(AttributeProblem::KeyTooLong);
    }
    let legal = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !legal {
        return Err(AttributeProblem::KeyIllegal);
    }
    Ok(())
}

/// Checks one pair of a set call.
pub fn check_attribute(key: &str, value: &str) -> Result<(), AttributeProblem> {
    check_attribute_key(key)?;
    if value.chars().count() > MAX_ATTRIBUTE_VALUE_CHARS {
        return Err(AttributeProblem::ValueTooLong);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_ids_are_short_lower_case_alphanumerics() {
        assert_eq!(
            ChatRoomId::generated(262_144_000_000_065_537).as_str(),
            "262144000000065537"
        );
        assert!(ChatRoomId::parse("abc123").is_some());
        assert!(ChatRoomId::parse(&"a".repeat(64)).is_some());
        assert!(ChatRoomId::parse(&"a".repeat(65)).is_none());
        assert!(ChatRoomId::parse("").is_none());
        assert!(ChatRoomId::parse("Abc").is_none());
        assert!(ChatRoomId::parse("a,b").is_none());
        assert!(ChatRoomId::parse("a-b").is_none());
    }

    #[test]
    fn plans_have_their_documented_limits() {
        assert_eq!(ChatRoomLimits::for_plan(Plan::Free).max_rooms_per_app, 100);
        let default = ChatRoomLimits::default();
        assert_eq!(
            (default.max_members_cap, default.default_max_members),
            (10_000, 1_000)
        );
        assert_eq!(default, ChatRoomLimits::for_plan(Plan::Flagship));
    }

    #[test]
    fn mute_durations_follow_the_documented_values() {
        assert_eq!(MuteDuration::from_ms(0), Some(MuteDuration::Lift));
        assert_eq!(MuteDuration::from_ms(-1), Some(MuteDuration::Forever));
        assert_eq!(MuteDuration::from_ms(60_000), Some(MuteDuration::For(60_000)));
        assert_eq!(MuteDuration::from_ms(-2), None);
    }

    #[test]
    fn the_owner_and_admins_have_their_documented_rights() {
        use ChatRoomRole::*;
        assert!(user_may(None, false, RoomAction::View));
        assert!(
            !user_may(Some(Member), true, RoomAction::View),
            "the blocklisted see nothing"
        );
        assert!(!user_may(None, false, RoomAction::ViewMembers));
        assert!(user_may(Some(Member), false, RoomAction::ViewMembers));
        assert!(!user_may(Some(Member), false, RoomAction::ViewModeration));
        assert!(user_may(Some(Admin), false, RoomAction::Moderate));
        assert!(!user_may(Some(Member), false, RoomAction::Moderate));
        // An admin manages plain members only; the owner everyone but itself.
        assert!(user_may(Some(Admin), false, RoomAction::ManageUser(Some(Member))));
        assert!(user_may(Some(Admin), false, RoomAction::ManageUser(None)));
        assert!(!user_may(Some(Admin), false, RoomAction::ManageUser(Some(Admin))));
        assert!(!user_may(Some(Admin), false, RoomAction::ManageUser(Some(Owner))));
        assert!(user_may(Some(Owner), false, RoomAction::ManageUser(Some(Admin))));
        assert!(!user_may(Some(Owner), false, RoomAction::ManageUser(Some(Owner))));
        assert!(!user_may(
            Some(Member),
            false,
            RoomAction::ManageUser(Some(Member))
        ));
        assert!(user_may(Some(Owner), false, RoomAction::Own));
        assert!(!user_may(Some(Admin), false, RoomAction::Own));
    }

    #[test]
    fn attribute_pairs_have_their_documented_limits() {
        assert_eq!(check_attribute("seat.1_a-b", "v"), Ok(()));
        assert_eq!(check_attribute(&"k".repeat(128), &"v".repeat(4096)), Ok(()));
        assert_eq!(
            check_attribute(&"k".repeat(129), "v"),
            Err(AttributeProblem::KeyTooLong)
        );
        assert_eq!(check_attribute("k y", "v"), Err(AttributeProblem::KeyIllegal));
        assert_eq!(check_attribute("", "v"), Err(AttributeProblem::KeyIllegal));
        assert_eq!(check_attribute("键", "v"), Err(AttributeProblem::KeyIllegal));
        assert_eq!(
            check_attribute("k", &"名".repeat(4097)),
            Err(AttributeProblem::ValueTooLong)
        );
        assert_eq!(check_attribute("k", ""), Ok(()), "an empty value is a value");
    }
}
