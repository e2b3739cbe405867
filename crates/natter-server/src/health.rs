//! `GET /health`: liveness and storage reachability, for operators and test scripts.

use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.store.list_apps().await {
        Ok(apps) => (
            StatusCode::OK,
            Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION"), "apps": apps.len()})),
        ),
        Err(error) => {
            tracing::error!(%error, "health check: storage unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "version": env!("CARGO_PKG_VERSION")})),
            )
        }
    }
}
