//! Password hashing with Argon2id (the crate's defaults: 19 MiB, 2 passes), off the async threads.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use natter_codes::{ErrorKind, NatterError};

fn internal(detail: impl std::fmt::Display) -> NatterError {
    NatterError::new(ErrorKind::Internal).with_detail(format!("password hashing: {detail}"))
}

/// A fresh 16-byte salt from the thread's CSPRNG.
fn new_salt() -> Result<SaltString, NatterError> {
    SaltString::encode_b64(&rand::random::<[u8; 16]>()).map_err(internal)
}

/// The stored "hash" of a user that has no password (created by a token grant's `autoCreateUser`, by
/// RongCloud's getToken, or as a room keeper): not a PHC string, so no password ever verifies against it,
/// and creating such a user costs no Argon2 hash (19 MiB and ~17 ms of CPU each: BENCHMARKS.md).
pub(crate) const NO_PASSWORD: &str = "!none";

/// Hashes `password` into a PHC string (`$argon2id$…`), on a blocking thread.
pub(crate) async fn hash(password: String) -> Result<String, NatterError> {
    tokio::task::spawn_blocking(move || {
        let salt = new_salt()?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(internal)
    })
    .await
    .map_err(internal)?
}

/// Hashes several passwords on one blocking thread (batch registration).
pub(crate) async fn hash_all(passwords: Vec<String>) -> Result<Vec<String>, NatterError> {
    tokio::task::spawn_blocking(move || {
        let argon2 = Argon2::default();
        passwords
            .iter()
            .map(|password| {
                let salt = new_salt()?;
                argon2
                    .hash_password(password.as_bytes(), &salt)
                    .map(|hash| hash.to_string())
                    .map_err(internal)
            })
            .collect()
    })
    .await
    .map_err(internal)?
}

/// Whether `password` matches the stored PHC string, checked on a blocking thread.
pub(crate) async fn verify(password: String, stored: String) -> Result<bool, NatterError> {
    if stored == NO_PASSWORD {
        return Ok(false);
    }
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored).map_err(internal)?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(internal)?
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn no_password_verifies_against_the_marker() {
        for attempt in ["", "!none", "anything"] {
            assert!(
                !super::verify(attempt.into(), super::NO_PASSWORD.into())
                    .await
                    .expect("verify")
            );
        }
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = super::hash("s3cret".into()).await.expect("hash");
        assert!(stored.starts_with("$argon2id$"));
        assert!(
            super::verify("s3cret".into(), stored.clone())
                .await
                .expect("verify")
        );
        assert!(
            !super::verify("S3cret".into(), stored.clone())
                .await
                .expect("verify")
        );
        assert_ne!(
            super::hash("s3cret".into()).await.expect("hash"),
            stored,
            "salted"
        );
    }
}
