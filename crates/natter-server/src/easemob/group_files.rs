//! Group shared files (群文件, groups-chatrooms G12–G15; the Web SDK's `getGroupSharedFilelist`,
//! `uploadGroupSharedFile`, `downloadGroupSharedFile`, `deleteGroupSharedFile`, SDK-REST §3.8):
//! `GET|POST /chatgroups/{id}/share_files`, `GET|DELETE /chatgroups/{id}/share_files/{file_id}`.
//!
//! The bytes live on disk at `<files.dir>/<app_id>/share_files/<file_id>`, streamed in through the chat
//! files' upload path (`files::receive_upload`: temporary file, size limit, renamed into place); the metadata
//! in [`natter_store::GroupFileStore`]. A row that goes (deleted, expired, or with its group, however the
//! group is dissolved) leaves its bytes on the store's debris list in the same transaction; they are
//! deleted at once where this module or the group's destroy call removed the row, and by the files sweep
//! otherwise.
//!
//! Who may do what: an app token everything. A user token must be a member (else 403 `users [u] are not
//! members of this group!`, the SDK's 602); every member lists, downloads and uploads; a member deletes its
//! own files, the owner and admins any (else 403 `permission denied`, the SDK's 603), the rule the SDKs'
//! `removeGroupSharedFile` documents. A disabled group (G2) is read-only for user tokens.
//!
//! Decisions where the reference leaves room (groups-chatrooms §8 item 15 and G12–G15):
//! - A missing (or malformed) group id is the documented 404 `RestGroupFeignException` `grpID XX does not
//!   exist!`, on all four endpoints.
//! - Oversized upload (not documented for group files): the chat files' 413 `file exceeding maximum limit`,
//!   at the same `files.max_file_bytes` (10 MiB by default): the reference says the two limits are one.
//! - A request that is not `multipart/form-data` is 415, as for chat files; a multipart body without a
//!   `file` part is the documented 400 `IllegalArgumentException` `file must be provided.`.
//! - Unknown `file_id` on download and delete (not documented): the chat files' 404 `entity_not_found`
//!   `file may not exists`.
//! - Download content type (not documented): the type the file was uploaded with (or recognised from its
//!   first bytes, else `application/octet-stream`), with `nosniff` and a `Content-Disposition` naming it.
//!   A token is required (the SDK sends its user token); the SDK's `share-secret` header is not needed.
//! - Storage time: as chat files (`files.expiry`, 7 days by default; §1.2 "same as message attachments").
//!   An expired file leaves the list at once, its download is 404 `file_expired` (the SDK's 223) until the
//!   sweep deletes it, and after that it is unknown.
//! - The per-group cap of 10,000 files (§1.2) has no documented refusal: 400 `illegal_argument` with a text
//!   that says so.
//! - `file_owner` of a file an app token uploaded is the empty string (no user uploaded it).
//! - The list is newest first (the documented example), with no `count`, as documented.

use super::auth::{Authenticated, Caller};
use super::envelope::Envelope;
use super::files::{FilesConfig, content_type_of, io_error, receive_upload, serve};
use super::groups::{GroupPath, GroupUserPath, Pairs, load_group, page_number, with_params};
use super::{AppContext, EasemobError};
use crate::{AppState, store_error};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use natter_codes::{ErrorKind, NatterError};
use natter_core::group::{self, GroupOperation, MAX_SHARED_FILE_PAGE, MAX_SHARED_FILES};
use natter_core::{Group, GroupRole};
use natter_store::{GroupFile, GroupFileCreate, Store};
use serde_json::{Value, json};

/// Rows and debris entries handled per store call.
const BATCH: u32 = 200;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{org}/{app}/chatgroups/{group_id}/share_files",
            // The global body limit (5 MiB) would refuse files the file limit allows; the upload bounds
            // the body itself, from the configured file limit.
            post(upload_file)
                .layer(DefaultBodyLimit::disable())
                .get(list_files),
        )
        .route(
            "/{org}/{app}/chatgroups/{group_id}/share_files/{file_id}",
            get(download_file).delete(delete_file),
        )
}

/// The group a path names, or the shared-file endpoints' 404 (`RestGroupFeignException`).
async fn group_for(state: &AppState, context: &AppContext, text: &str) -> Result<Group, NatterError> {
    load_group(state, context, text)
        .await
        .map_err(|error| match error.kind {
            ErrorKind::GroupNotFound => NatterError::new(ErrorKind::GroupNotFoundFeign).with_param(text),
            _ => error,
        })
}

/// The caller's role, `None` for an app token or a non-member.
async fn role_of(
    state: &AppState,
    context: &AppContext,
    caller: &Caller,
    group: &Group,
) -> Result<Option<GroupRole>, NatterError> {
    match caller {
        Caller::App => Ok(None),
        Caller::User(user) => state
            .store
            .member_role(context.app.id, group.id, user.id)
            .await
            .map_err(store_error),
    }
}

/// App tokens may do everything; a user token what `role` allows.
fn require(
    caller: &Caller,
    role: Option<GroupRole>,
    group: &Group,
    operation: GroupOperation,
) -> Result<(), NatterError> {
    match caller {
        Caller::App => Ok(()),
        Caller::User(user) => group::authorize(role, operation, group, &user.username),
    }
}

/// Files created after this instant are within their storage time.
pub(super) fn fresh_after(config: &FilesConfig, now_ms: i64) -> i64 {
    match config.expiry {
        None => i64::MIN,
        Some(expiry) => now_ms.saturating_sub(i64::try_from(expiry.as_millis()).unwrap_or(i64::MAX)),
    }
}

fn file_item(file: &GroupFile) -> Value {
    json!({
        "file_id": file.file_id,
        "file_name": file.file_name,
        "file_owner": file.owner.as_deref().unwrap_or(""),
        "file_size": file.size_bytes,
        "created": file.created_ms,
    })
}

/// `GET /chatgroups/{id}/share_files?pagenum&pagesize` (G12): pages from 1 of up to 1000 files (default
/// 1000), newest first. Members (or an app token).
async fn list_files(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let group = group_for(&state, &context, &group_id).await?;
    let role = role_of(&state, &context, &caller, &group).await?;
    require(&caller, role, &group, GroupOperation::ViewSharedFiles)?;
    let page = page_number(&pairs, "pagenum", 1, 1, u32::MAX)?;
    let page_size = page_number(&pairs, "pagesize", MAX_SHARED_FILE_PAGE, 1, MAX_SHARED_FILE_PAGE)?;
    let files = state
        .store
        .group_files(
            context.app.id,
            group.id,
            fresh_after(&state.config.files, crate::now_ms()),
            u64::from(page - 1) * u64::from(page_size),
            page_size,
        )
        .await
        .map_err(store_error)?;
    let data: Vec<Value> = files.iter().map(file_item).collect();
    Ok(with_params(Envelope::new(&context, "get"), &pairs)
        .entities(Vec::new())
        .data(Value::Array(data)))
}

/// `POST /chatgroups/{id}/share_files` (G13): multipart field `file`. Members (or an app token).
async fn upload_file(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id)): GroupPath,
    request: Request,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let group = group_for(&state, &context, &group_id).await?;
    let role = role_of(&state, &context, &caller, &group).await?;
    // Before the body is read: a refused caller stores nothing, not even a temporary file.
    require(&caller, role, &group, GroupOperation::UploadSharedFile)?;
    let no_file = |detail: Option<String>| {
        let error = NatterError::new(ErrorKind::GroupFileMissing);
        match detail {
            Some(detail) => error.with_detail(detail),
            None => error,
        }
    };
    let parts = receive_upload(&state, request)
        .await
        .map_err(|error| match error.kind {
            // The chat files' row has another `error` type; G13 documents its own.
            ErrorKind::FileMissing => no_file(error.detail),
            _ => error,
        })?;
    let Some(received) = parts.file else {
        return Err(no_file(None).into());
    };

    let config = &state.config.files;
    let file_id = crate::new_uuid();
    let directory = config.dir.join(context.app.id.to_string()).join("share_files");
    tokio::fs::create_dir_all(&directory)
        .await
        .map_err(|error| io_error("creating the group files directory", error))?;
    let path_key = format!("{}/share_files/{file_id}", context.app.id);
    let target = config.dir.join(&path_key);
    received.temp.persist(&target).await?;
    let new_file = GroupFile {
        app_id: context.app.id,
        group_id: group.id,
        file_id: file_id.clone(),
        file_name: received.filename,
        content_type: content_type_of(received.content_type.as_deref(), &received.head),
        size_bytes: received.size,
        owner: match &caller {
            Caller::App => None,
            Caller::User(user) => Some(user.username.as_str().to_string()),
        },
        created_ms: crate::now_ms(),
        path_key,
    };
    let refused = match state.store.create_group_file(new_file, MAX_SHARED_FILES).await {
        Ok(GroupFileCreate::Created(file)) => {
            tracing::info!(group = %group.id, file = %file.file_id, size = file.size_bytes, "group file uploaded");
            let data = json!({
                "file_url": format!("{}/{}", context.uri, file.file_id),
                "group_id": group.id.to_string(),
                "file_name": file.file_name,
                "created": file.created_ms,
                "file_id": file.file_id,
                "file_size": file.size_bytes,
            });
            return Ok(Envelope::new(&context, "post").entities(Vec::new()).data(data));
        }
        // The group was dissolved while the bytes came in.
        Ok(GroupFileCreate::NoGroup) => {
            NatterError::new(ErrorKind::GroupNotFoundFeign).with_param(group_id.as_str())
        }
        Ok(GroupFileCreate::GroupFull) => NatterError::invalid_parameter(format!(
            "group {group_id} has {MAX_SHARED_FILES} shared files, the most a group may have"
        )),
        Err(error) => store_error(error),
    };
    // No row names these bytes: they go now.
    if let Err(error) = tokio::fs::remove_file(&target).await {
        tracing::warn!(%error, path = %target.display(), "removing a refused group file");
    }
    Err(refused.into())
}

/// The group's file a path names, for a caller allowed to see the group's files.
async fn find_file(
    state: &AppState,
    context: &AppContext,
    group: &Group,
    file_id: &str,
) -> Result<GroupFile, NatterError> {
    state
        .store
        .group_file(context.app.id, group.id, file_id)
        .await
        .map_err(store_error)?
        .ok_or_else(|| {
            NatterError::new(ErrorKind::FileNotFound)
                .with_detail(format!("no file {file_id} in group {}", group.id))
        })
}

/// `GET /chatgroups/{id}/share_files/{file_id}` (G14): the bytes. Members (or an app token).
async fn download_file(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, file_id)): GroupUserPath,
) -> Result<Response, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let group = group_for(&state, &context, &group_id).await?;
    let role = role_of(&state, &context, &caller, &group).await?;
    require(&caller, role, &group, GroupOperation::ViewSharedFiles)?;
    let file = find_file(&state, &context, &group, &file_id).await?;
    let config = &state.config.files;
    if config.is_expired(file.created_ms, crate::now_ms()) {
        return Err(NatterError::new(ErrorKind::FileExpired)
            .with_param(file.file_id.as_str())
            .into());
    }
    serve(
        &config.dir.join(&file.path_key),
        &file.content_type,
        &file.file_name,
        &file.file_id,
    )
    .await
}

/// `DELETE /chatgroups/{id}/share_files/{file_id}` (G15): the uploader, the owner and admins (or an app
/// token).
async fn delete_file(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, group_id, file_id)): GroupUserPath,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let group = group_for(&state, &context, &group_id).await?;
    let role = role_of(&state, &context, &caller, &group).await?;
    // A non-member learns nothing about the group's files, not even whether this one exists.
    require(&caller, role, &group, GroupOperation::ViewSharedFiles)?;
    let file = find_file(&state, &context, &group, &file_id).await?;
    let own = match &caller {
        Caller::App => false,
        Caller::User(user) => file.owner.as_deref() == Some(user.username.as_str()),
    };
    require(&caller, role, &group, GroupOperation::DeleteSharedFile { own })?;
    if state
        .store
        .delete_group_file(context.app.id, group.id, &file_id)
        .await
        .map_err(store_error)?
        .is_none()
    {
        // Deleted by someone else in between.
        return Err(NatterError::new(ErrorKind::FileNotFound).into());
    }
    delete_debris_logged(&state).await;
    tracing::info!(group = %group.id, file = %file_id, "group file deleted");
    Ok(Envelope::new(&context, "delete")
        .entities(Vec::new())
        .data(json!({
            "group_id": group.id.to_string(),
            "file_id": file_id,
            "result": true,
        })))
}

/// Deletes the bytes of every group file whose row is gone, then their debris entries; returns how many.
/// Bytes already missing count as deleted.
pub async fn delete_debris(store: &dyn Store, config: &FilesConfig) -> Result<u64, NatterError> {
    let mut deleted = 0;
    loop {
        let keys = store.group_file_debris(BATCH).await.map_err(store_error)?;
        for key in &keys {
            match tokio::fs::remove_file(config.dir.join(key)).await {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(io_error("deleting a group file", error)),
            }
        }
        store.clear_group_file_debris(&keys).await.map_err(store_error)?;
        deleted += keys.len() as u64;
        if keys.len() < BATCH as usize {
            return Ok(deleted);
        }
    }
}

/// [`delete_debris`] where a request has just removed rows: a failure is logged, and the sweep retries.
pub(crate) async fn delete_debris_logged(state: &AppState) {
    if let Err(error) = delete_debris(state.store.as_ref(), &state.config.files).await {
        tracing::error!(%error, "deleting group file bytes failed; the sweep retries");
    }
}

/// What one group-file sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupSweepReport {
    /// Files past their storage time whose rows were deleted.
    pub expired: u64,
    /// Files whose bytes were deleted (expired, or left by dissolved groups and deleted users).
    pub deleted: u64,
}

/// Deletes every group file expired at `now_ms`, then the bytes of every row that is gone.
pub async fn sweep_group_files(
    store: &dyn Store,
    config: &FilesConfig,
    now_ms: i64,
) -> Result<GroupSweepReport, NatterError> {
    let mut report = GroupSweepReport::default();
    if config.expiry.is_some() {
        // "Expired" is `age >= expiry`: everything created up to and including the cut goes.
        let cutoff = fresh_after(config, now_ms).saturating_add(1);
        loop {
            let expired = store
                .expire_group_files(cutoff, BATCH)
                .await
                .map_err(store_error)?;
            report.expired += expired;
            if expired < u64::from(BATCH) {
                break;
            }
        }
        // Chat-room shared files (`room_files.rs`) have the same storage time and the same debris list.
        loop {
            let expired = store
                .expire_room_files(cutoff, BATCH)
                .await
                .map_err(store_error)?;
            report.expired += expired;
            if expired < u64::from(BATCH) {
                break;
            }
        }
    }
    report.deleted = delete_debris(store, config).await?;
    Ok(report)
}
