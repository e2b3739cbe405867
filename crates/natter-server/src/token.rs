//! Access tokens: self-contained, signed with a key that lives outside the database.
//!
//! A token is `YWMt` (the vendor's prefix, so clients that sniff it stay happy) followed by the unpadded
//! base64url of `claims || HMAC-SHA256(key, claims)`. The key is kept in the data directory, not in the
//! database: a stolen database cannot mint tokens, and a restart keeps every issued token valid.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use natter_codes::{ErrorKind, NatterError};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

const PREFIX: &str = "YWMt";
const VERSION: u8 = 1;
const MAC_LEN: usize = 32;
/// version, app id, subject kind, issued, expires, nonce.
const FIXED_LEN: usize = 1 + 8 + 1 + 8 + 8 + 8;
/// The signing key length, in bytes.
pub const KEY_LEN: usize = 32;

/// Who a token speaks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// The app itself (an "app token", from `client_credentials`): may do everything under its app.
    App,
    /// One user of the app.
    User(String),
}

/// What a valid token says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claims {
    /// The store id of the app that issued it.
    pub app_id: i64,
    pub subject: Subject,
    pub issued_ms: i64,
    /// Absolute expiry in Unix ms; `None` for a token that never expires (`ttl` 0).
    pub expires_ms: Option<i64>,
}

/// Issues and checks tokens with one secret key.
pub struct TokenSigner {
    key: [u8; KEY_LEN],
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("TokenSigner { key: <secret> }")
    }
}

impl TokenSigner {
    /// A signer with this key.
    pub fn new(key: [u8; KEY_LEN]) -> TokenSigner {
        TokenSigner { key }
    }

    /// A fresh random key.
    pub fn generate_key() -> [u8; KEY_LEN] {
        rand::random()
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC takes keys of any length; this cannot fail for a 32-byte key.
        match HmacSha256::new_from_slice(&self.key) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts every key length"),
        }
    }

    /// HMAC-SHA256 of `data` under the token key, hex: signs the time-limited URLs of history files
    /// (`easemob/history.rs`), so that a URL cannot be made without the key.
    pub fn sign_hex(&self, data: &[u8]) -> String {
        let mut mac = self.mac();
        mac.update(data);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// Issues a token for `claims`.
    pub fn issue(&self, claims: &Claims) -> String {
        let (kind, subject) = match &claims.subject {
            Subject::App => (0u8, ""),
            Subject::User(name) => (1u8, name.as_str()),
        };
        let mut bytes = Vec::with_capacity(FIXED_LEN + subject.len() + MAC_LEN);
        bytes.push(VERSION);
        bytes.extend_from_slice(&claims.app_id.to_be_bytes());
        bytes.push(kind);
        bytes.extend_from_slice(&claims.issued_ms.to_be_bytes());
        bytes.extend_from_slice(&claims.expires_ms.unwrap_or(0).to_be_bytes());
        bytes.extend_from_slice(&rand::random::<u64>().to_be_bytes());
        bytes.extend_from_slice(subject.as_bytes());
        let mut mac = self.mac();
        mac.update(&bytes);
        bytes.extend_from_slice(&mac.finalize().into_bytes());
        format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(&bytes))
    }

    /// Checks a token at time `now_ms`. A malformed token is [`ErrorKind::TokenCorrupt`]; a well-formed
    /// one with a signature this server did not make is [`ErrorKind::TokenUnknown`]; an expired one is
    /// [`ErrorKind::TokenExpired`].
    pub fn verify(&self, token: &str, now_ms: i64) -> Result<Claims, NatterError> {
        let corrupt = || NatterError::new(ErrorKind::TokenCorrupt);
        let encoded = token.strip_prefix(PREFIX).ok_or_else(corrupt)?;
        let bytes = URL_SAFE_NO_PAD.decode(encoded).map_err(|_| corrupt())?;
        if bytes.len() < FIXED_LEN + MAC_LEN || bytes[0] != VERSION {
            return Err(corrupt());
        }
        let (body, signature) = bytes.split_at(bytes.len() - MAC_LEN);
        let mut mac = self.mac();
        mac.update(body);
        if mac.verify_slice(signature).is_err() {
            return Err(NatterError::new(ErrorKind::TokenUnknown));
        }
        let read_i64 = |at: usize| -> i64 {
            let mut buffer = [0u8; 8];
            buffer.copy_from_slice(&body[at..at + 8]);
            i64::from_be_bytes(buffer)
        };
        let app_id = read_i64(1);
        let subject = match body[9] {
            0 => Subject::App,
            1 => Subject::User(String::from_utf8(body[FIXED_LEN..].to_vec()).map_err(|_| corrupt())?),
            _ => return Err(corrupt()),
        };
        let issued_ms = read_i64(10);
        let expires_ms = match read_i64(18) {
            0 => None,
            at => Some(at),
        };
        if expires_ms.is_some_and(|expiry| expiry <= now_ms) {
            return Err(NatterError::new(ErrorKind::TokenExpired));
        }
        Ok(Claims {
            app_id,
            subject,
            issued_ms,
            expires_ms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(expires_ms: Option<i64>) -> Claims {
        Claims {
            app_id: 7,
            subject: Subject::User("alice".into()),
            issued_ms: 1_000,
            expires_ms,
        }
    }

    #[test]
    fn a_token_round_trips() {
        let signer = TokenSigner::new([1; KEY_LEN]);
        let token = signer.issue(&claims(Some(5_000)));
        assert!(token.starts_with("YWMt"));
        assert_eq!(signer.verify(&token, 4_999).expect("valid"), claims(Some(5_000)));
        let app = Claims {
            subject: Subject::App,
            ..claims(None)
        };
        assert_eq!(
            signer
                .verify(&signer.issue(&app), i64::MAX)
                .expect("never expires"),
            app
        );
    }

    #[test]
    fn two_tokens_for_the_same_claims_differ() {
        let signer = TokenSigner::new([1; KEY_LEN]);
        assert_ne!(signer.issue(&claims(None)), signer.issue(&claims(None)));
    }

    #[test]
    fn expiry_is_checked() {
        let signer = TokenSigner::new([1; KEY_LEN]);
        let token = signer.issue(&claims(Some(5_000)));
        assert_eq!(
            signer.verify(&token, 5_000).map_err(|error| error.kind),
            Err(ErrorKind::TokenExpired)
        );
    }

    #[test]
    fn another_key_is_unknown_and_garbage_is_corrupt() {
        let token = TokenSigner::new([1; KEY_LEN]).issue(&claims(None));
        let other = TokenSigner::new([2; KEY_LEN]);
        assert_eq!(
            other.verify(&token, 0).map_err(|error| error.kind),
            Err(ErrorKind::TokenUnknown)
        );
        for garbage in ["", "YWMt", "YWMt!!!", "abc", "YWMtAAAA"] {
            assert_eq!(
                other.verify(garbage, 0).map_err(|error| error.kind),
                Err(ErrorKind::TokenCorrupt),
                "{garbage}"
            );
        }
    }

    #[test]
    fn a_tampered_token_is_refused() {
        let signer = TokenSigner::new([1; KEY_LEN]);
        let token = signer.issue(&claims(Some(5_000)));
        let mut bytes = URL_SAFE_NO_PAD.decode(&token[4..]).expect("decode");
        bytes[1] ^= 1; // another app id
        let forged = format!("YWMt{}", URL_SAFE_NO_PAD.encode(&bytes));
        assert_eq!(
            signer.verify(&forged, 0).map_err(|error| error.kind),
            Err(ErrorKind::TokenUnknown)
        );
    }
}
