//! The API signature: `App-Key`, `Nonce`, `Timestamp` and `Signature` headers (rc-server-sdk 3.2.0), or
//! the same with an `rc-` prefix (rongcloud 2.0.1), where `Signature = hex(SHA1(secret + nonce +
//! timestamp))`. On top of the vendor's check: the timestamp must be near the server's clock, and a signed
//! (nonce, timestamp) pair is accepted once, so a captured request cannot be replayed.

use axum::http::HeaderMap;
use sha1::{Digest, Sha1};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use subtle::ConstantTimeEq;

/// The signature headers of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SignatureHeaders<'a> {
    pub(crate) app_key: &'a str,
    pub(crate) nonce: &'a str,
    pub(crate) timestamp: &'a str,
    pub(crate) signature: &'a str,
}

/// Why a request's signature headers were refused (for the log; the wire says 1002 for all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    Missing(&'static str),
    BadTimestamp,
    Stale,
    BadSignature,
    Replayed,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Missing(header) => write!(formatter, "no {header} header"),
            Refusal::BadTimestamp => formatter.write_str("Timestamp is not a Unix time"),
            Refusal::Stale => formatter.write_str("Timestamp outside the accepted window"),
            Refusal::BadSignature => formatter.write_str("Signature does not verify"),
            Refusal::Replayed => formatter.write_str("Nonce and Timestamp already used"),
        }
    }
}

/// A header under its plain name or its `rc-` name (header names are case-insensitive), non-empty.
fn header<'a>(
    headers: &'a HeaderMap,
    plain: &'static str,
    prefixed: &'static str,
) -> Result<&'a str, Refusal> {
    [plain, prefixed]
        .iter()
        .filter_map(|name| headers.get(*name))
        .filter_map(|value| value.to_str().ok())
        .map(str::trim)
        .find(|value| !value.is_empty())
        .ok_or(Refusal::Missing(plain))
}

/// The four signature headers, or the first one missing.
pub(crate) fn signature_headers(headers: &HeaderMap) -> Result<SignatureHeaders<'_>, Refusal> {
    Ok(SignatureHeaders {
        app_key: header(headers, "app-key", "rc-app-key")?,
        nonce: header(headers, "nonce", "rc-nonce")?,
        timestamp: header(headers, "timestamp", "rc-timestamp")?,
        signature: header(headers, "signature", "rc-signature")?,
    })
}

/// A value above this is milliseconds, below it seconds: 10^11 seconds is the year 5138, 10^11
/// milliseconds is March 1973.
const MILLISECONDS_ABOVE: i64 = 100_000_000_000;

/// The `Timestamp` header as Unix milliseconds: rc-server-sdk sends seconds, rongcloud 2.0.1 milliseconds.
pub(crate) fn timestamp_ms(timestamp: &str) -> Result<i64, Refusal> {
    let value: i64 = timestamp.parse().map_err(|_| Refusal::BadTimestamp)?;
    match value {
        value if value < 0 => Err(Refusal::BadTimestamp),
        value if value > MILLISECONDS_ABOVE => Ok(value),
        value => value.checked_mul(1000).ok_or(Refusal::BadTimestamp),
    }
}

/// Lower-case hex SHA-1 of `secret + nonce + timestamp`: what the SDKs send.
pub(crate) fn expected_signature(secret: &str, nonce: &str, timestamp: &str) -> String {
    let digest = Sha1::new()
        .chain_update(secret.as_bytes())
        .chain_update(nonce.as_bytes())
        .chain_update(timestamp.as_bytes())
        .finalize();
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Whether `given` is the signature of these headers under `secret`, compared in constant time (hex digits
/// in either case).
pub(crate) fn signature_matches(secret: &str, headers: &SignatureHeaders<'_>) -> bool {
    let expected = expected_signature(secret, headers.nonce, headers.timestamp);
    let given = headers.signature.to_ascii_lowercase();
    expected.as_bytes().ct_eq(given.as_bytes()).into()
}

/// The nonces one app has used lately.
#[derive(Debug, Default)]
struct AppNonces {
    seen: HashSet<String>,
    /// The same keys in the order they came, with the instant each may be forgotten.
    order: VecDeque<(i64, String)>,
}

/// Signed (nonce, timestamp) pairs seen lately, per app, each kept until no request carrying it could pass
/// the freshness check any more. Bounded: an app that goes past `capacity` pairs forgets its oldest first
/// (at the default rate limit of 100 requests a second and a 5-minute window an app uses at most 60,000).
/// Only requests whose signature verified are recorded, so nobody without the app secret can fill it.
#[derive(Debug, Default)]
pub(crate) struct NonceCache {
    apps: Mutex<HashMap<i64, AppNonces>>,
}

impl NonceCache {
    /// Records the pair; `false` if the app used it already and it is still remembered. `forget_at_ms` is
    /// when the pair may be forgotten; callers pass a constant offset from now, so the order the pairs come
    /// in is the order they expire in.
    pub(crate) fn first_use(
        &self,
        app_id: i64,
        nonce: &str,
        timestamp: &str,
        now_ms: i64,
        forget_at_ms: i64,
        capacity: usize,
    ) -> bool {
        // One map update per call cannot leave the map inconsistent, so a poisoned lock is still usable.
        let mut apps = self
            .apps
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let nonces = apps.entry(app_id).or_default();
        while let Some((forget_at, _)) = nonces.order.front() {
            if *forget_at > now_ms {
                break;
            }
            if let Some((_, key)) = nonces.order.pop_front() {
                nonces.seen.remove(&key);
            }
        }
        // The timestamp is part of the key: a nonce is only a replay with the same signed timestamp, and
        // rc-server-sdk's nonces (a random integer below 10^9) would otherwise collide now and then.
        let key = format!("{nonce}\n{timestamp}");
        if nonces.seen.contains(&key) {
            return false;
        }
        while nonces.order.len() >= capacity.max(1) {
            match nonces.order.pop_front() {
                Some((_, oldest)) => {
                    nonces.seen.remove(&oldest);
                }
                None => break,
            }
        }
        nonces.seen.insert(key.clone());
        nonces.order.push_back((forget_at_ms, key));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_signature_is_hex_sha1_of_secret_nonce_timestamp() {
        // SHA1("secret" + "1" + "2") = SHA1("secret12").
        assert_eq!(
            expected_signature("secret", "1", "2"),
            "e9424e7e2a8860a0d3198a794e94222d7a1083d2"
        );
        let headers = SignatureHeaders {
            app_key: "k",
            nonce: "1",
            timestamp: "2",
            signature: "E9424E7E2A8860A0D3198A794E94222D7A1083D2",
        };
        assert!(signature_matches("secret", &headers), "hex digits in either case");
        assert!(!signature_matches("Secret", &headers));
        assert!(!signature_matches(
            "secret",
            &SignatureHeaders {
                signature: "e942",
                ..headers
            }
        ));
    }

    #[test]
    fn headers_are_read_under_both_names() {
        let mut headers = HeaderMap::new();
        headers.insert("App-Key", HeaderValue::from_static("k"));
        headers.insert("rc-nonce", HeaderValue::from_static("0.25"));
        headers.insert("RC-Timestamp", HeaderValue::from_static("1700000000000"));
        headers.insert("Signature", HeaderValue::from_static("abc"));
        let read = signature_headers(&headers).expect("all four");
        assert_eq!(
            (read.app_key, read.nonce, read.timestamp, read.signature),
            ("k", "0.25", "1700000000000", "abc")
        );
        headers.insert("Signature", HeaderValue::from_static(""));
        assert_eq!(signature_headers(&headers), Err(Refusal::Missing("signature")));
    }

    #[test]
    fn timestamps_in_seconds_or_milliseconds() {
        assert_eq!(timestamp_ms("1700000000"), Ok(1_700_000_000_000));
        assert_eq!(timestamp_ms("1700000000123"), Ok(1_700_000_000_123));
        assert_eq!(timestamp_ms("-5"), Err(Refusal::BadTimestamp));
        assert_eq!(timestamp_ms("1.5"), Err(Refusal::BadTimestamp));
        assert_eq!(timestamp_ms("soon"), Err(Refusal::BadTimestamp));
    }

    #[test]
    fn a_pair_is_accepted_once_until_it_is_forgotten() {
        let cache = NonceCache::default();
        assert!(cache.first_use(1, "n", "100", 0, 1_000, 10));
        assert!(!cache.first_use(1, "n", "100", 500, 1_500, 10), "a replay");
        assert!(
            cache.first_use(1, "n", "101", 500, 1_500, 10),
            "another timestamp is another request"
        );
        assert!(
            cache.first_use(2, "n", "100", 500, 1_500, 10),
            "apps are separate"
        );
        assert!(
            cache.first_use(1, "n", "100", 1_000, 2_000, 10),
            "forgotten once no request could carry it"
        );
    }

    #[test]
    fn the_cache_is_bounded_per_app() {
        let cache = NonceCache::default();
        for nonce in 0..5 {
            assert!(cache.first_use(1, &nonce.to_string(), "t", 0, 1_000, 3));
        }
        let apps = cache.apps.lock().expect("lock");
        assert_eq!(apps[&1].order.len(), 3);
        assert_eq!(apps[&1].seen.len(), 3);
        assert!(
            apps[&1].seen.contains("4\nt") && !apps[&1].seen.contains("0\nt"),
            "the oldest go first"
        );
    }
}
