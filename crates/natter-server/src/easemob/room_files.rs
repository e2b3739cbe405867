//! Chat-room shared files (the Web SDK's `uploadChatRoomSharedFile`, `getChatRoomSharedFilelist`,
//! `deleteChatRoomSharedFile`, SDK-REST §3.10): `GET|POST /chatrooms/{id}/share_files`, `DELETE
//! /chatrooms/{id}/share_files/{file_id}`, and the download `GET …/share_files/{file_id}` that group files
//! have (G14) and the SDK's file messages need.
//!
//! These endpoints are SDK-only: neither REST reference documents them. They follow the group files'
//! (`group_files.rs`, G12–G15) shapes, limits and decisions, with the chat room's words: the bytes on disk
//! at `<files.dir>/<app_id>/room_files/<file_id>`, 10 MiB per file (413 `file exceeding maximum limit`),
//! 10,000 per room, the chat files' storage time, newest first, `pagenum`/`pagesize` up to 1000. The reply
//! names the room as `chatroom_id` where the group's names `group_id`.
//!
//! Who may do what: an app token everything. A user token must be a member of the room (else 403
//! `users [u] are not members of this group!`, the SDK's 702); members list, download and upload; a member
//! deletes its own files, the owner and admins any (else 403 permission denied). An unknown room is 404
//! `grpID XX does not exist!`; an unknown file 404 `file may not exists`.

use super::auth::{Authenticated, Caller};
use super::envelope::Envelope;
use super::files::{content_type_of, io_error, receive_upload, serve};
use super::group_files::{delete_debris_logged, fresh_after};
use super::groups::{GroupPath, GroupUserPath, Pairs, page_number, with_params};
use super::{AppContext, EasemobError};
use crate::{AppState, store_error};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use natter_codes::{ErrorKind, NatterError};
use natter_core::chatroom::{ChatRoom, ChatRoomId, ChatRoomRole};
use natter_core::group::{MAX_SHARED_FILE_PAGE, MAX_SHARED_FILES};
use natter_store::{RoomFile, RoomFileCreate};
use serde_json::{Value, json};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/share_files",
            // The upload bounds the body itself, from the configured file limit (as for group files).
            post(upload_file)
                .layer(DefaultBodyLimit::disable())
                .get(list_files),
        )
        .route(
            "/{org}/{app}/chatrooms/{chatroom_id}/share_files/{file_id}",
            get(download_file).delete(delete_file),
        )
}

/// The room a path names, or 404 `grpID XX does not exist!`.
async fn room_for(state: &AppState, context: &AppContext, text: &str) -> Result<ChatRoom, NatterError> {
    let not_found = || NatterError::new(ErrorKind::ChatRoomNotFound).with_param(text);
    let id = ChatRoomId::parse(text).ok_or_else(not_found)?;
    state
        .store
        .room(context.app.id, &id)
        .await
        .map_err(store_error)?
        .ok_or_else(not_found)
}

/// The caller's role in the room: `Ok(None)` for an app token; a user who is not a member (or is
/// blocked) is refused.
async fn member_role(
    state: &AppState,
    context: &AppContext,
    caller: &Caller,
    room: &ChatRoom,
) -> Result<Option<ChatRoomRole>, NatterError> {
    let Caller::User(user) = caller else {
        return Ok(None);
    };
    let relation = state
        .store
        .relations(
            context.app.id,
            &room.id,
            std::slice::from_ref(&user.username),
            crate::now_ms(),
        )
        .await
        .map_err(store_error)?
        .into_iter()
        .next();
    match relation {
        Some(relation) if !relation.blocked => match relation.role {
            Some(role) => Ok(Some(role)),
            None => Err(not_member(user.username.as_str())),
        },
        _ => Err(not_member(user.username.as_str())),
    }
}

fn not_member(username: &str) -> NatterError {
    NatterError::new(ErrorKind::ChatRoomNotMembersForbidden).with_param(username)
}

fn file_item(file: &RoomFile) -> Value {
    json!({
        "file_id": file.file_id,
        "file_name": file.file_name,
        "file_owner": file.owner.as_deref().unwrap_or(""),
        "file_size": file.size_bytes,
        "created": file.created_ms,
    })
}

/// `GET /chatrooms/{id}/share_files?pagenum&pagesize`: pages from 1 of up to 1000 files, newest first.
async fn list_files(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, room_id)): GroupPath,
    Query(pairs): Pairs,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let room = room_for(&state, &context, &room_id).await?;
    member_role(&state, &context, &caller, &room).await?;
    let page = page_number(&pairs, "pagenum", 1, 1, u32::MAX)?;
    let page_size = page_number(&pairs, "pagesize", MAX_SHARED_FILE_PAGE, 1, MAX_SHARED_FILE_PAGE)?;
    let files = state
        .store
        .room_files(
            context.app.id,
            &room.id,
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

/// `POST /chatrooms/{id}/share_files`: multipart field `file`.
async fn upload_file(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, room_id)): GroupPath,
    request: Request,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let room = room_for(&state, &context, &room_id).await?;
    // Before the body is read: a refused caller stores nothing, not even a temporary file.
    member_role(&state, &context, &caller, &room).await?;
    let parts = receive_upload(&state, request).await?;
    let Some(received) = parts.file else {
        return Err(NatterError::new(ErrorKind::FileMissing).into());
    };
    let config = &state.config.files;
    let file_id = crate::new_uuid();
    let directory = config.dir.join(context.app.id.to_string()).join("room_files");
    tokio::fs::create_dir_all(&directory)
        .await
        .map_err(|error| io_error("creating the room files directory", error))?;
    let path_key = format!("{}/room_files/{file_id}", context.app.id);
    let target = config.dir.join(&path_key);
    received.temp.persist(&target).await?;
    let new_file = RoomFile {
        app_id: context.app.id,
        room_id: room.id.clone(),
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
    let refused = match state.store.create_room_file(new_file, MAX_SHARED_FILES).await {
        Ok(RoomFileCreate::Created(file)) => {
            tracing::info!(room = %room.id, file = %file.file_id, size = file.size_bytes, "room file uploaded");
            let data = json!({
                "file_url": format!("{}/{}", context.uri, file.file_id),
                "chatroom_id": room.id.as_str(),
                "file_name": file.file_name,
                "created": file.created_ms,
                "file_id": file.file_id,
                "file_size": file.size_bytes,
            });
            return Ok(Envelope::new(&context, "post").entities(Vec::new()).data(data));
        }
        // The room was destroyed while the bytes came in.
        Ok(RoomFileCreate::NoRoom) => {
            NatterError::new(ErrorKind::ChatRoomNotFound).with_param(room_id.as_str())
        }
        Ok(RoomFileCreate::RoomFull) => NatterError::invalid_parameter(format!(
            "chat room {room_id} has {MAX_SHARED_FILES} shared files, the most a room may have"
        )),
        Err(error) => store_error(error),
    };
    // No row names these bytes: they go now.
    if let Err(error) = tokio::fs::remove_file(&target).await {
        tracing::warn!(%error, path = %target.display(), "removing a refused room file");
    }
    Err(refused.into())
}

async fn find_file(
    state: &AppState,
    context: &AppContext,
    room: &ChatRoom,
    file_id: &str,
) -> Result<RoomFile, NatterError> {
    state
        .store
        .room_file(context.app.id, &room.id, file_id)
        .await
        .map_err(store_error)?
        .ok_or_else(|| {
            NatterError::new(ErrorKind::FileNotFound)
                .with_detail(format!("no file {file_id} in room {}", room.id))
        })
}

/// `GET /chatrooms/{id}/share_files/{file_id}`: the bytes.
async fn download_file(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, room_id, file_id)): GroupUserPath,
) -> Result<Response, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let room = room_for(&state, &context, &room_id).await?;
    member_role(&state, &context, &caller, &room).await?;
    let file = find_file(&state, &context, &room, &file_id).await?;
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

/// `DELETE /chatrooms/{id}/share_files/{file_id}`: the uploader, the owner and admins (or an app token).
async fn delete_file(
    State(state): State<AppState>,
    authenticated: Authenticated,
    Path((_, _, room_id, file_id)): GroupUserPath,
) -> Result<Envelope, EasemobError> {
    let Authenticated { context, caller, .. } = authenticated;
    let room = room_for(&state, &context, &room_id).await?;
    let role = member_role(&state, &context, &caller, &room).await?;
    let file = find_file(&state, &context, &room, &file_id).await?;
    if let Caller::User(user) = &caller {
        let own = file.owner.as_deref() == Some(user.username.as_str());
        if !own && !role.is_some_and(ChatRoomRole::is_moderator) {
            return Err(NatterError::new(ErrorKind::ChatRoomPermissionDenied)
                .with_detail(format!("{} may not delete {file_id}", user.username))
                .into());
        }
    }
    if state
        .store
        .delete_room_file(context.app.id, &room.id, &file_id)
        .await
        .map_err(store_error)?
        .is_none()
    {
        return Err(NatterError::new(ErrorKind::FileNotFound).into());
    }
    delete_debris_logged(&state).await;
    tracing::info!(room = %room.id, file = %file_id, "room file deleted");
    Ok(Envelope::new(&context, "delete")
        .entities(Vec::new())
        .data(json!({
            "chatroom_id": room.id.as_str(),
            "file_id": file_id,
            "result": true,
        })))
}
