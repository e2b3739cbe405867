//! `GET /openapi.yaml`: the OpenAPI 3.0 description of the REST API, compiled into the binary so that the
//! document served is always the one this build was tested against (`tests/it/openapi.rs`).

use crate::AppState;
use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;

/// The document, kept next to the crate's manifest.
pub(crate) const DOCUMENT: &str = include_str!("../openapi.yaml");

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/openapi.yaml", get(document))
}

async fn document() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/yaml")], DOCUMENT)
}
