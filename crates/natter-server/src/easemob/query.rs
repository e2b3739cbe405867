//! A query-string extractor that speaks the Easemob dialect: axum's `Query<T>` answers a repeated
//! parameter (`?limit=1&limit=2`) with a plain-text 400, which no Easemob client can read.
//!
//! A parameter given twice is read as its first value, as the vendor's Spring controllers bind a repeated
//! `@RequestParam` (and as the user-attribute form reads a repeated name). The fields of `T` are strings
//! (`Option<String>`): each endpoint parses its own values, so that a bad one gets its documented error.

use super::EasemobError;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use natter_codes::NatterError;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// `Query<T>` for the Easemob door.
#[derive(Debug)]
pub struct EasemobQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for EasemobQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = EasemobError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // Pairs never fail to parse: undecodable percent-escapes are read lossily.
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| {
                NatterError::invalid_parameter("this is an invalid request.")
                    .with_detail(rejection.body_text())
            })?;
        from_pairs(pairs).map(EasemobQuery).map_err(EasemobError)
    }
}

/// `T` from the pairs of a query string, the first value of a repeated name winning.
fn from_pairs<T: DeserializeOwned>(pairs: Vec<(String, String)>) -> Result<T, NatterError> {
    let mut fields = Map::new();
    for (name, value) in pairs {
        fields.entry(name).or_insert(Value::String(value));
    }
    serde_json::from_value(Value::Object(fields)).map_err(|error| {
        NatterError::invalid_parameter("this is an invalid request.").with_detail(error.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::from_pairs;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Page {
        limit: Option<String>,
        cursor: Option<String>,
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    #[test]
    fn a_repeated_parameter_reads_as_its_first_value() {
        let page: Page = from_pairs(pairs(&[("limit", "2"), ("other", "x"), ("limit", "5")])).expect("page");
        assert_eq!(
            page,
            Page {
                limit: Some("2".into()),
                cursor: None
            }
        );
    }

    #[test]
    fn absent_parameters_are_none() {
        let page: Page = from_pairs(Vec::new()).expect("page");
        assert_eq!(
            page,
            Page {
                limit: None,
                cursor: None
            }
        );
    }
}
