//! natter-store-sqlite integration tests: the shared conformance suite against a real SQLite file.

use natter_store_sqlite::SqliteStore;

async fn fresh_store() -> (tempfile::TempDir, SqliteStore) {
    let directory = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&directory.path().join("natter.db"))
        .await
        .expect("open store");
    (directory, store)
}

#[tokio::test]
async fn app_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::app_store(&store).await;
}

#[tokio::test]
async fn user_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::user_store(&store, &store).await;
}

#[tokio::test]
async fn data_survives_reopening_the_file() {
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join("natter.db");
    let created = {
        let store = SqliteStore::open(&path).await.expect("open");
        natter_store::AppStore::create_app(&store, sample_app())
            .await
            .expect("create")
    };
    let reopened = SqliteStore::open(&path).await.expect("reopen");
    let listed = natter_store::AppStore::list_apps(&reopened).await.expect("list");
    assert_eq!(listed, vec![created]);
}

#[tokio::test]
async fn a_second_handle_sees_writes_of_the_first() {
    // Two pools on one file stand in for `natter serve` and a concurrent `natter app create`.
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join("natter.db");
    let server = SqliteStore::open(&path).await.expect("open server handle");
    let admin = SqliteStore::open(&path).await.expect("open admin handle");
    let app = sample_app();
    let key = app.key.clone();
    assert!(
        natter_store::AppStore::app_by_key(&server, &key)
            .await
            .expect("lookup")
            .is_none()
    );
    natter_store::AppStore::create_app(&admin, app)
        .await
        .expect("create through admin handle");
    assert!(
        natter_store::AppStore::app_by_key(&server, &key)
            .await
            .expect("lookup")
            .is_some()
    );
}

#[tokio::test]
async fn a_url_opens_the_same_file() {
    let directory = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", directory.path().join("via-url.db").display());
    let store = SqliteStore::open_url(&url).await.expect("open by url");
    assert!(
        natter_store::AppStore::list_apps(&store)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(SqliteStore::open_url("postgres://nope").await.is_err());
}

fn sample_app() -> natter_core::NewApp {
    natter_core::NewApp {
        key: natter_core::AppKey::parse("acme#chat").expect("key"),
        uuid: "u-1".into(),
        client_id: "YXA6client".into(),
        client_secret: "YXA6secret".into(),
        rongcloud_app_key: "rckey".into(),
        rongcloud_app_secret: "rcsecret".into(),
        registration_open: false,
        max_users: 0,
        created_at_ms: 1,
    }
}

#[tokio::test]
async fn mute_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::mute_store(&store, &store, &store).await;
}

#[tokio::test]
async fn contact_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::contact_store(&store, &store, &store).await;
}

#[tokio::test]
async fn attribute_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::attribute_store(&store, &store, &store).await;
}

#[tokio::test]
async fn push_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::push_store(&store, &store, &store).await;
}

#[tokio::test]
async fn rongcloud_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::rongcloud_store(&store, &store, &store).await;
}

#[tokio::test]
async fn rongcloud_group_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::rongcloud_group_store(&store).await;
}

#[tokio::test]
async fn rongcloud_push_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::rongcloud_push_store(&store).await;
}

#[tokio::test]
async fn group_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::group_store(&store, &store, &store).await;
}

#[tokio::test]
async fn group_extras_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::group_extras_store(&store, &store, &store).await;
}

#[tokio::test]
async fn group_file_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::group_file_store(&store, &store, &store, &store).await;
}

#[tokio::test]
async fn chatroom_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::chatroom_store(&store, &store, &store).await;
}

#[tokio::test]
async fn chat_send_check_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::chat_send_check(&store, &store, &store, &store, &store).await;
}

#[tokio::test]
async fn file_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::file_store(&store, &store).await;
}

#[tokio::test]
async fn message_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::message_store(&store, &store, &store, &store).await;
}

#[tokio::test]
async fn targeted_message_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::targeted_message_store(&store, &store, &store, &store).await;
}

#[tokio::test]
async fn message_admin_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::message_admin_store(&store, &store, &store, &store).await;
}

#[tokio::test]
async fn thread_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::thread_store(&store, &store, &store, &store).await;
}

#[tokio::test]
async fn presence_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::presence_store(&store, &store, &store).await;
}

#[tokio::test]
async fn reaction_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::reaction_store(&store, &store).await;
}

#[tokio::test]
async fn conversation_flag_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::conversation_flag_store(&store, &store).await;
}

#[tokio::test]
async fn conversation_push_mode_list_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::conversation_push_mode_list(&store, &store, &store).await;
}

#[tokio::test]
async fn room_file_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::room_file_store(&store, &store, &store, &store, &store).await;
}

#[tokio::test]
async fn message_history_store_conformance() {
    let (_directory, store) = fresh_store().await;
    natter_store::conformance::message_history_store(&store, &store, &store, &store).await;
}
