//! Groups (群组): ids, roles, the documented limits, field rules and who may do what. No IO.
//!
//! Roles (reference groups-chatrooms §3): the owner (群主) may do everything; admins (管理员) manage
//! members; members read. Owner and admins together are at most 100, so a group has at most 99 admins.
//! The rules here are what a *user token* may do: an app token may do everything under its app.

use crate::UserName;
use natter_codes::{ErrorKind, NatterError};
use std::fmt;

/// Longest group name, in characters.
pub const MAX_NAME_CHARS: usize = 128;
/// Longest group description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 512;
/// Longest avatar URL, in characters.
pub const MAX_AVATAR_CHARS: usize = 1024;
/// Largest `custom` extension, in bytes (8 KB, the newest docs; older ones said 1,024 characters).
pub const MAX_CUSTOM_BYTES: usize = 8 * 1024;
/// `maxusers` when a create request gives none (the owner counts).
pub const DEFAULT_MAX_USERS: u32 = 200;
/// Most users one add-members call may name.
pub const MAX_BATCH_ADD: usize = 100;
/// Most users one remove-members call may name.
pub const MAX_BATCH_REMOVE: usize = 60;
/// Most group ids one details request may name.
pub const MAX_DETAILS_IDS: usize = 100;
/// Most members one details reply lists per group.
pub const MAX_DETAILS_MEMBERS: u32 = 10_000;
/// Longest announcement, in characters.
pub const MAX_ANNOUNCEMENT_CHARS: usize = 512;
/// Most users one blocklist-add call may name (older docs: 60).
pub const MAX_BLOCK_BATCH: usize = 100;
/// Most users one blocklist-remove call may name.
pub const MAX_UNBLOCK_BATCH: usize = 60;
/// Most members one mute call may name (older docs: 60).
pub const MAX_MUTE_BATCH: usize = 100;
/// Most members one unmute call may name.
pub const MAX_UNMUTE_BATCH: usize = 60;
/// Most members one allowlist-add call may name (older docs: 60).
pub const MAX_ALLOW_BATCH: usize = 100;
/// Most members one allowlist-remove call may name.
pub const MAX_DISALLOW_BATCH: usize = 60;
/// Longest member attribute key, in bytes.
pub const MAX_MEMBER_ATTRIBUTE_KEY_BYTES: usize = 16;
/// Longest member attribute value, in bytes.
pub const MAX_MEMBER_ATTRIBUTE_VALUE_BYTES: usize = 512;
/// Most bytes (keys and values) of one member's attributes.
pub const MAX_MEMBER_ATTRIBUTES_BYTES: usize = 4 * 1024;
/// Most members one batch attribute update may name.
pub const MAX_MEMBER_ATTRIBUTE_BATCH: usize = 20;
/// Most members one read-by-key may name.
pub const MAX_MEMBER_ATTRIBUTE_TARGETS: usize = 10;
/// Most shared files (群文件) one group holds (reference groups-chatrooms §1.2).
pub const MAX_SHARED_FILES: u32 = 10_000;
/// Largest page of the shared-file list, and its default (G12).
pub const MAX_SHARED_FILE_PAGE: u32 = 1000;

/// A group id: the decimal string of a u64 (the vendor's ids are numbers that grow with time).
///
/// Ids come from [`crate::IdGenerator`], whose values stay below 2^63, so an id that does not fit an
/// `i64` cannot name a stored group; [`GroupId::parse`] refuses it, as it refuses anything but digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(u64);

impl GroupId {
    /// An id from the generator. `None` for 0 and for values a store cannot hold.
    pub fn new(value: u64) -> Option<GroupId> {
        (value != 0 && i64::try_from(value).is_ok()).then_some(GroupId(value))
    }

    /// Reads an id from a path or body: 1 to 19 ASCII digits, not 0.
    pub fn parse(text: &str) -> Option<GroupId> {
        if text.is_empty() || text.len() > 19 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        text.parse::<u64>().ok().and_then(GroupId::new)
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// The id as storage keeps it (always positive: [`GroupId::new`] refuses larger values).
    pub fn as_i64(self) -> i64 {
        i64::try_from(self.0).unwrap_or(i64::MAX)
    }

    /// The id a store hands back; `None` for a value no id can have.
    pub fn from_i64(value: i64) -> Option<GroupId> {
        u64::try_from(value).ok().and_then(GroupId::new)
    }
}

impl fmt::Display for GroupId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}", self.0)
    }
}

/// A member's role in a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupRole {
    Owner,
    Admin,
    Member,
}

impl GroupRole {
    /// The name the SDK reads (`permission`, and the item keys of the cursor member list).
    pub const fn as_str(self) -> &'static str {
        match self {
            GroupRole::Owner => "owner",
            GroupRole::Admin => "admin",
            GroupRole::Member => "member",
        }
    }

    /// The inverse of [`GroupRole::as_str`].
    pub fn parse(text: &str) -> Option<GroupRole> {
        match text {
            "owner" => Some(GroupRole::Owner),
            "admin" => Some(GroupRole::Admin),
            "member" => Some(GroupRole::Member),
            _ => None,
        }
    }

    /// Owner or admin: may manage members.
    pub const fn manages(self) -> bool {
        matches!(self, GroupRole::Owner | GroupRole::Admin)
    }
}

/// The per-app group limits (套餐, reference groups-chatrooms §1.1), stored per app as its group settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupLimits {
    /// The largest `maxusers` a group may have (the plan's members per group; the owner counts).
    pub max_users_per_group: u32,
    /// How many groups one user may belong to (owned ones included).
    pub max_groups_per_user: u32,
    /// How many groups the app may hold; `None` is unlimited.
    pub max_groups_per_app: Option<u64>,
    /// How many admins one group may have (owner + admins ≤ 100).
    pub max_admins: u32,
}

impl GroupLimits {
    /// The free plan (免费版): 100 groups per app, 100 members per group, 100 groups per user.
    pub const FREE: GroupLimits = GroupLimits {
        max_users_per_group: 100,
        max_groups_per_user: 100,
        max_groups_per_app: Some(100),
        max_admins: 99,
    };
    /// The pro plan (专业版): unlimited groups, 300 members per group, 600 groups per user.
    pub const PRO: GroupLimits = GroupLimits {
        max_users_per_group: 300,
        max_groups_per_user: 600,
        max_groups_per_app: None,
        max_admins: 99,
    };
    /// The flagship plan (旗舰版): unlimited groups, 3000 members per group, 3000 groups per user (the plan
    /// table; one console page says 100,000 groups per user, reference §8.6).
    pub const FLAGSHIP: GroupLimits = GroupLimits {
        max_users_per_group: 3000,
        max_groups_per_user: 3000,
        max_groups_per_app: None,
        max_admins: 99,
    };

    /// `maxusers` of a new group that asks for none: 200, or the plan's cap if that is lower.
    pub fn default_max_users(&self) -> u32 {
        DEFAULT_MAX_USERS.min(self.max_users_per_group)
    }
}

/// Decision: a self-hosted server has no plans to sell, so an app without stored settings gets the
/// largest documented plan. Lower limits are set per app (`GroupStore::set_group_settings`).
impl Default for GroupLimits {
    fn default() -> GroupLimits {
        GroupLimits::FLAGSHIP
    }
}

/// A stored group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub description: String,
    pub avatar: String,
    /// The app's own extension (`custom`).
    pub custom: String,
    /// Public groups can be found and applied to; private ones are joined by invitation.
    pub public: bool,
    /// Joining a public group needs an owner's or admin's approval (`membersonly`).
    pub members_only: bool,
    /// Members may invite (`allowinvites`).
    pub allow_invites: bool,
    /// Invitees must accept an invitation before they are members (`invite_need_confirm`).
    pub invite_need_confirm: bool,
    /// Most members, the owner included (`maxusers`).
    pub max_users: u32,
    pub owner: UserName,
    /// Members, the owner included (`affiliations_count`).
    pub member_count: u64,
    /// Banned by the app (`disabled`); kept for the ban endpoints.
    pub disabled: bool,
    /// Everyone muted (`mute`); kept for the mute-all endpoints.
    pub mute_all: bool,
    pub created_ms: i64,
    pub modified_ms: i64,
}

/// One member of a group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupMember {
    /// Join order within the group: a larger position joined later. Paging cursors carry it.
    pub position: i64,
    pub username: UserName,
    pub role: GroupRole,
    pub joined_ms: i64,
}

/// Checks a group name: at most 128 characters.
pub fn validate_name(name: &str) -> Result<(), NatterError> {
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(NatterError::new(ErrorKind::GroupNameTooLong).with_param(MAX_NAME_CHARS.to_string()));
    }
    Ok(())
}

/// Checks a group description: at most 512 characters.
pub fn validate_description(description: &str) -> Result<(), NatterError> {
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(NatterError::new(ErrorKind::GroupDescriptionTooLong)
            .with_param(MAX_DESCRIPTION_CHARS.to_string()));
    }
    Ok(())
}

/// Checks an avatar URL: at most 1024 characters.
pub fn validate_avatar(avatar: &str) -> Result<(), NatterError> {
    if avatar.chars().count() > MAX_AVATAR_CHARS {
        return Err(NatterError::new(ErrorKind::GroupAvatarTooLong));
    }
    Ok(())
}

/// Checks the `custom` extension: at most 8 KB. No text is documented for a longer one; the reply
/// follows the avatar's (`avatar length is too big`).
pub fn validate_custom(custom: &str) -> Result<(), NatterError> {
    if custom.len() > MAX_CUSTOM_BYTES {
        return Err(NatterError::invalid_parameter("custom length is too big"));
    }
    Ok(())
}

/// Checks an announcement: at most 512 characters.
pub fn validate_announcement(announcement: &str) -> Result<(), NatterError> {
    if announcement.chars().count() > MAX_ANNOUNCEMENT_CHARS {
        return Err(NatterError::new(ErrorKind::GroupAnnouncementTooLong));
    }
    Ok(())
}

/// Checks one member attribute: key at most 16 bytes, value at most 512 bytes (an empty value deletes
/// the key, and is always allowed).
pub fn validate_member_attribute(key: &str, value: &str) -> Result<(), NatterError> {
    if key.is_empty() {
        return Err(NatterError::invalid_parameter("metadata key must not be empty"));
    }
    if key.len() > MAX_MEMBER_ATTRIBUTE_KEY_BYTES {
        return Err(NatterError::new(ErrorKind::GroupMemberAttributeKeyTooLong)
            .with_detail(format!("key of {} bytes", key.len())));
    }
    if value.len() > MAX_MEMBER_ATTRIBUTE_VALUE_BYTES {
        return Err(NatterError::new(ErrorKind::GroupMemberAttributeValueTooLong)
            .with_detail(format!("value of {} bytes for {key}", value.len())));
    }
    Ok(())
}

/// The weight of one member attribute against the 4 KB per member: its key and value in bytes.
pub fn member_attribute_bytes(key: &str, value: &str) -> usize {
    key.len() + value.len()
}

/// Whether a user whose role is `actor` (`None`: not a member) may set `target`'s attributes: its own
/// as a member; anyone's as the owner or an admin.
pub fn may_set_member_attributes(actor: Option<GroupRole>, own: bool) -> bool {
    match actor {
        None => false,
        Some(role) => own || role.manages(),
    }
}

/// Checks a `maxusers` against the app's cap: at least 1, at most `limits.max_users_per_group`.
pub fn validate_max_users(max_users: i64, limits: &GroupLimits) -> Result<u32, NatterError> {
    if max_users < 1 {
        return Err(NatterError::invalid_parameter("maxusers must be greater than 0"));
    }
    match u32::try_from(max_users) {
        Ok(max_users) if max_users <= limits.max_users_per_group => Ok(max_users),
        _ => Err(NatterError::new(ErrorKind::GroupMaxUsersTooLarge)
            .with_param(limits.max_users_per_group.to_string())),
    }
}

/// What a user token asks to do in a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupOperation {
    /// Read the group's details.
    ViewDetails,
    /// List members or admins.
    ListMembers,
    /// Change the group's fields.
    Modify,
    /// Dissolve the group.
    Destroy,
    /// Hand the group to another member.
    TransferOwnership,
    /// Make or unmake admins.
    ManageAdmins,
    /// Add members directly, or answer join applications.
    AddMembers,
    /// Remove a member whose role is given.
    RemoveMember(GroupRole),
    /// Invite users.
    Invite,
    /// Read the announcement (members; anyone for a public group).
    ViewAnnouncement,
    /// Read the mute list, allowlist or blocklist.
    ViewModeration,
    /// The announcement, mute-all, taking users off the blocklist.
    Moderate,
    /// Mute, block or allowlist a member whose role is given.
    ManageMember(GroupRole),
    /// List or download the shared files (群文件, G12, G14).
    ViewSharedFiles,
    /// Upload a shared file (G13).
    UploadSharedFile,
    /// Delete a shared file; `own`: the caller uploaded it (G15).
    DeleteSharedFile { own: bool },
}

impl GroupOperation {
    /// Whether the operation only reads. A disabled group (G2) is read-only for user tokens.
    pub const fn reads(self) -> bool {
        matches!(
            self,
            GroupOperation::ViewDetails
                | GroupOperation::ListMembers
                | GroupOperation::ViewAnnouncement
                | GroupOperation::ViewModeration
                | GroupOperation::ViewSharedFiles
        )
    }
}

/// Whether the holder of `role` in `group` (`None`: not a member) may do `operation`, as the user
/// `actor`. A non-member is told it is not a member (the SDK reports 602 GROUP_NOT_JOINED); a member
/// without the role gets the permission refusal (603 PERMISSION_DENIED). Removing the owner is refused
/// for everyone (`forbidden operation on group owner!`).
pub fn authorize(
    role: Option<GroupRole>,
    operation: GroupOperation,
    group: &Group,
    actor: &UserName,
) -> Result<(), NatterError> {
    use GroupOperation::*;
    if matches!(
        operation,
        RemoveMember(GroupRole::Owner) | ManageMember(GroupRole::Owner)
    ) {
        return Err(NatterError::new(ErrorKind::GroupOwnerProtected));
    }
    let Some(role) = role else {
        if matches!(operation, ViewDetails | ViewAnnouncement) && group.public {
            return Ok(());
        }
        return Err(NatterError::new(ErrorKind::GroupNotMembers).with_param(actor.as_str()));
    };
    // While the app has the group disabled, its members may read but manage nothing (G2).
    if group.disabled && !operation.reads() {
        return Err(NatterError::new(ErrorKind::GroupDisabled)
            .with_detail(format!("{actor} may not {operation:?} in disabled {}", group.id)));
    }
    let allowed = match operation {
        ViewDetails | ListMembers | ViewAnnouncement => true,
        Modify | AddMembers | ViewModeration | Moderate => role.manages(),
        Destroy | TransferOwnership | ManageAdmins => role == GroupRole::Owner,
        // Admins remove (mute, block, allowlist) plain members; only the owner acts on admins.
        RemoveMember(target) | ManageMember(target) => {
            role == GroupRole::Owner || (role == GroupRole::Admin && target == GroupRole::Member)
        }
        Invite => role.manages() || group.allow_invites,
        // Every member shares files; members delete their own, the owner and admins any (the SDKs'
        // removeGroupSharedFile: "Group members can delete their own uploaded files. The group owner or
        // admin can delete all shared files.").
        ViewSharedFiles | UploadSharedFile => true,
        DeleteSharedFile { own } => own || role.manages(),
    };
    if allowed {
        Ok(())
    } else {
        Err(
            NatterError::new(ErrorKind::GroupPermissionDenied).with_detail(format!(
                "{actor} ({}) may not {operation:?} in {}",
                role.as_str(),
                group.id
            )),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(public: bool, allow_invites: bool) -> Group {
        Group {
            id: GroupId::parse("42").expect("id"),
            name: "g".into(),
            description: String::new(),
            avatar: String::new(),
            custom: String::new(),
            public,
            members_only: false,
            allow_invites,
            invite_need_confirm: false,
            max_users: 200,
            owner: UserName::lookup("o").expect("name"),
            member_count: 1,
            disabled: false,
            mute_all: false,
            created_ms: 1,
            modified_ms: 1,
        }
    }

    #[test]
    fn ids_are_positive_decimal_u64s_that_fit_storage() {
        assert_eq!(
            GroupId::parse("1795324104494748").map(GroupId::get),
            Some(1_795_324_104_494_748)
        );
        assert_eq!(
            GroupId::parse("1795324104494748")
                .map(|id| id.to_string())
                .as_deref(),
            Some("1795324104494748")
        );
        for bad in [
            "",
            "0",
            "-1",
            "12a",
            " 1",
            "+1",
            "9223372036854775808",
            "99999999999999999999",
        ] {
            assert_eq!(GroupId::parse(bad), None, "{bad:?}");
        }
        assert!(GroupId::parse("9223372036854775807").is_some());
        let id = GroupId::parse("77").expect("id");
        assert_eq!(GroupId::from_i64(id.as_i64()), Some(id));
        assert_eq!(GroupId::from_i64(-5), None);
    }

    #[test]
    fn roles_round_trip() {
        for role in [GroupRole::Owner, GroupRole::Admin, GroupRole::Member] {
            assert_eq!(GroupRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(GroupRole::parse("boss"), None);
    }

    #[test]
    fn limits_follow_the_plans() {
        assert_eq!(GroupLimits::default(), GroupLimits::FLAGSHIP);
        assert_eq!(GroupLimits::FREE.default_max_users(), 100);
        assert_eq!(GroupLimits::PRO.default_max_users(), 200);
        assert_eq!(validate_max_users(3000, &GroupLimits::FLAGSHIP).ok(), Some(3000));
        let too_large = validate_max_users(301, &GroupLimits::PRO).expect_err("over the cap");
        assert_eq!(too_large.to_rest().description, "maxUsers cannot exceed 300");
        assert!(validate_max_users(0, &GroupLimits::PRO).is_err());
    }

    #[test]
    fn field_lengths_are_checked_in_characters() {
        assert!(validate_name(&"群".repeat(128)).is_ok());
        assert_eq!(
            validate_name(&"a".repeat(129))
                .expect_err("long")
                .to_rest()
                .description,
            "title cannot exceed to 128"
        );
        assert!(validate_description(&"d".repeat(513)).is_err());
        assert!(validate_avatar(&"a".repeat(1024)).is_ok());
        assert_eq!(
            validate_avatar(&"a".repeat(1025))
                .expect_err("long")
                .to_rest()
                .description,
            "avatar length is too big"
        );
        assert!(validate_custom(&"c".repeat(8192)).is_ok());
        assert!(validate_custom(&"c".repeat(8193)).is_err());
    }

    #[test]
    fn moderation_follows_the_roles_and_a_disabled_group_is_read_only() {
        use GroupOperation::*;
        let actor = UserName::lookup("u").expect("name");
        let kind = |role, operation, group: &Group| {
            authorize(role, operation, group, &actor)
                .err()
                .map(|error| error.kind)
        };
        let open = group(true, false);
        let owner = Some(GroupRole::Owner);
        let admin = Some(GroupRole::Admin);
        let member = Some(GroupRole::Member);
        for operation in [ViewModeration, Moderate, ManageMember(GroupRole::Member)] {
            assert_eq!(kind(owner, operation, &open), None, "{operation:?}");
            assert_eq!(kind(admin, operation, &open), None, "{operation:?}");
            assert_eq!(
                kind(member, operation, &open),
                Some(ErrorKind::GroupPermissionDenied),
                "{operation:?}"
            );
        }
        assert_eq!(kind(owner, ManageMember(GroupRole::Admin), &open), None);
        assert_eq!(
            kind(admin, ManageMember(GroupRole::Admin), &open),
            Some(ErrorKind::GroupPermissionDenied)
        );
        assert_eq!(
            kind(owner, ManageMember(GroupRole::Owner), &open),
            Some(ErrorKind::GroupOwnerProtected)
        );
        assert_eq!(kind(member, ViewAnnouncement, &open), None);
        assert_eq!(kind(None, ViewAnnouncement, &open), None, "public groups");
        assert_eq!(
            kind(None, ViewAnnouncement, &group(false, false)),
            Some(ErrorKind::GroupNotMembers)
        );
        let disabled = Group {
            disabled: true,
            ..group(false, false)
        };
        for operation in [ViewDetails, ListMembers, ViewAnnouncement, ViewModeration] {
            assert_eq!(kind(owner, operation, &disabled), None, "{operation:?} reads");
        }
        for operation in [Modify, Moderate, AddMembers, Invite, Destroy, ManageAdmins] {
            assert_eq!(
                kind(owner, operation, &disabled),
                Some(ErrorKind::GroupDisabled),
                "{operation:?}"
            );
        }
    }

    #[test]
    fn members_share_files_and_delete_their_own() {
        use GroupOperation::*;
        let actor = UserName::lookup("u").expect("name");
        let kind = |role, operation, group: &Group| {
            authorize(role, operation, group, &actor)
                .err()
                .map(|error| error.kind)
        };
        let open = group(true, false);
        for role in [GroupRole::Owner, GroupRole::Admin, GroupRole::Member] {
            for operation in [ViewSharedFiles, UploadSharedFile, DeleteSharedFile { own: true }] {
                assert_eq!(kind(Some(role), operation, &open), None, "{role:?} {operation:?}");
            }
        }
        assert_eq!(
            kind(Some(GroupRole::Owner), DeleteSharedFile { own: false }, &open),
            None
        );
        assert_eq!(
            kind(Some(GroupRole::Admin), DeleteSharedFile { own: false }, &open),
            None
        );
        assert_eq!(
            kind(Some(GroupRole::Member), DeleteSharedFile { own: false }, &open),
            Some(ErrorKind::GroupPermissionDenied)
        );
        for operation in [ViewSharedFiles, UploadSharedFile, DeleteSharedFile { own: true }] {
            assert_eq!(
                kind(None, operation, &open),
                Some(ErrorKind::GroupNotMembers),
                "public groups share files with members only: {operation:?}"
            );
        }
        let disabled = Group {
            disabled: true,
            ..group(false, false)
        };
        assert_eq!(kind(Some(GroupRole::Member), ViewSharedFiles, &disabled), None);
        assert_eq!(
            kind(Some(GroupRole::Owner), UploadSharedFile, &disabled),
            Some(ErrorKind::GroupDisabled)
        );
    }

    #[test]
    fn announcements_and_member_attributes_have_their_limits() {
        assert!(validate_announcement(&"公".repeat(512)).is_ok());
        assert_eq!(
            validate_announcement(&"a".repeat(513))
                .err()
                .map(|error| error.kind),
            Some(ErrorKind::GroupAnnouncementTooLong)
        );
        assert!(validate_member_attribute(&"k".repeat(16), &"v".repeat(512)).is_ok());
        assert!(
            validate_member_attribute("k", "").is_ok(),
            "an empty value deletes"
        );
        assert_eq!(
            validate_member_attribute(&"k".repeat(17), "v")
                .err()
                .map(|error| error.kind),
            Some(ErrorKind::GroupMemberAttributeKeyTooLong)
        );
        // Bytes, not characters: six CJK characters are 18 bytes.
        assert_eq!(
            validate_member_attribute("属性属性属性", "v")
                .err()
                .map(|error| error.kind),
            Some(ErrorKind::GroupMemberAttributeKeyTooLong)
        );
        assert_eq!(
            validate_member_attribute("k", &"v".repeat(513))
                .err()
                .map(|error| error.kind),
            Some(ErrorKind::GroupMemberAttributeValueTooLong)
        );
        assert_eq!(
            validate_member_attribute("", "v").err().map(|error| error.kind),
            Some(ErrorKind::InvalidParameter)
        );
        assert_eq!(member_attribute_bytes("ab", "cde"), 5);
        assert!(may_set_member_attributes(Some(GroupRole::Member), true));
        assert!(!may_set_member_attributes(Some(GroupRole::Member), false));
        assert!(may_set_member_attributes(Some(GroupRole::Admin), false));
        assert!(!may_set_member_attributes(None, true));
    }

    #[test]
    fn roles_decide_what_a_user_may_do() {
        use GroupOperation::*;
        let private = group(false, false);
        let actor = UserName::lookup("u").expect("name");
        let kind = |role, operation, group: &Group| {
            authorize(role, operation, group, &actor)
                .err()
                .map(|error| error.kind)
        };
        let owner = Some(GroupRole::Owner);
        let admin = Some(GroupRole::Admin);
        let member = Some(GroupRole::Member);
        for operation in [
            Modify,
            Destroy,
            TransferOwnership,
            ManageAdmins,
            AddMembers,
            Invite,
            ListMembers,
        ] {
            assert_eq!(kind(owner, operation, &private), None, "{operation:?}");
            assert_eq!(
                kind(None, operation, &private),
                Some(ErrorKind::GroupNotMembers),
                "{operation:?}"
            );
        }
        for operation in [
            Modify,
            AddMembers,
            Invite,
            ListMembers,
            RemoveMember(GroupRole::Member),
        ] {
            assert_eq!(kind(admin, operation, &private), None, "{operation:?}");
        }
        for operation in [
            Destroy,
            TransferOwnership,
            ManageAdmins,
            RemoveMember(GroupRole::Admin),
        ] {
            assert_eq!(
                kind(admin, operation, &private),
                Some(ErrorKind::GroupPermissionDenied),
                "{operation:?}"
            );
        }
        for operation in [
            Modify,
            Destroy,
            AddMembers,
            Invite,
            RemoveMember(GroupRole::Member),
        ] {
            assert_eq!(
                kind(member, operation, &private),
                Some(ErrorKind::GroupPermissionDenied),
                "{operation:?}"
            );
        }
        assert_eq!(
            kind(member, Invite, &group(false, true)),
            None,
            "allowinvites lets members invite"
        );
        assert_eq!(kind(member, ViewDetails, &private), None);
        assert_eq!(
            kind(None, ViewDetails, &private),
            Some(ErrorKind::GroupNotMembers)
        );
        assert_eq!(
            kind(None, ViewDetails, &group(true, false)),
            None,
            "public groups are readable"
        );
        assert_eq!(
            kind(owner, RemoveMember(GroupRole::Owner), &private),
            Some(ErrorKind::GroupOwnerProtected)
        );
        assert_eq!(kind(owner, RemoveMember(GroupRole::Admin), &private), None);
    }
}
