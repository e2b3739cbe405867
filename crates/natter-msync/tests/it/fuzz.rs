//! A bounded mutation fuzz of the frame decoder: valid frames of every kind the SDKs send, mutated
//! (bit flips, byte changes, insertions, deletions, truncations, splices) and decoded down to the inner
//! payloads. Nothing may panic, and whatever decodes must re-encode to something that decodes the same.
//!
//! Bounded in CI by `NATTER_FUZZ_SECS` (default 5 s) or 200,000 inputs; the seed is printed so that a
//! failure can be replayed with `NATTER_FUZZ_SEED`.

use natter_msync::frame;
use natter_msync::jid;
use natter_msync::pb::{self, m_sync::Command, meta::NameSpace};
use prost::Message as _;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

const LIMIT: usize = 64 * 1024;

fn seeds() -> Vec<Vec<u8>> {
    let body = pb::MessageBody {
        r#type: Some(pb::message_body::Type::Chat as i32),
        from: Some(pb::Jid {
            name: Some("alice".into()),
            ..Default::default()
        }),
        to: Some(pb::Jid {
            name: Some("bob".into()),
            ..Default::default()
        }),
        contents: vec![pb::message_body::Content {
            r#type: Some(0),
            text: Some("hello".into()),
            ..Default::default()
        }],
        ext: vec![pb::KeyValue {
            key: Some("k".into()),
            r#type: Some(7),
            value: Some(pb::key_value::Value::StringValue("v".into())),
        }],
        ..Default::default()
    };
    let message = pb::CommSyncUl {
        meta: Some(pb::Meta {
            id: Some(1_795_324_104_487),
            to: Some(jid::user("org#app", "bob", None)),
            ns: Some(NameSpace::Chat as i32),
            payload: Some(body.encode_to_vec()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let muc = pb::CommSyncUl {
        meta: Some(pb::Meta {
            id: Some(7),
            ns: Some(NameSpace::Muc as i32),
            payload: Some(
                pb::MucBody {
                    muc_id: Some(jid::conference("org#app", "123")),
                    operation: Some(2),
                    is_chatroom: Some(true),
                    ..Default::default()
                }
                .encode_to_vec(),
            ),
            ..Default::default()
        }),
        ..Default::default()
    };
    let pull = pb::CommSyncUl {
        queue: Some(jid::user("org#app", "alice", None)),
        key: Some(42),
        ..Default::default()
    };
    let provision = pb::Provision {
        os_type: Some(16),
        version: Some("4.21.1".into()),
        resource: Some("webim_web_1".into()),
        auth_token: Some(r#"{"token":"$t$abc"}"#.into()),
        compress_type: vec![0],
        ..Default::default()
    };
    let logout = pb::Logout {
        session_id: Some("1:".into()),
        reason: Some("inner:logout".into()),
        ..Default::default()
    };
    vec![
        frame::encode(Command::Sync, &message),
        frame::encode(Command::Sync, &muc),
        frame::encode(Command::Sync, &pull),
        frame::encode(Command::Provision, &provision),
        frame::encode(Command::Unread, &pb::CommUnreadUl::default()),
        frame::encode(Command::Logout, &logout),
    ]
}

fn mutate(rng: &mut StdRng, input: &mut Vec<u8>, corpus: &[Vec<u8>]) {
    for _ in 0..rng.random_range(1..=4) {
        match rng.random_range(0..6) {
            0 if !input.is_empty() => {
                let at = rng.random_range(0..input.len());
                input[at] ^= 1 << rng.random_range(0..8);
            }
            1 if !input.is_empty() => {
                let at = rng.random_range(0..input.len());
                input[at] = rng.random();
            }
            2 => {
                let at = rng.random_range(0..=input.len());
                input.insert(at, rng.random());
            }
            3 if !input.is_empty() => {
                let at = rng.random_range(0..input.len());
                input.remove(at);
            }
            4 => {
                let keep = rng.random_range(0..=input.len());
                input.truncate(keep);
            }
            _ => {
                let other = &corpus[rng.random_range(0..corpus.len())];
                let from = rng.random_range(0..=other.len());
                let at = rng.random_range(0..=input.len());
                let piece: Vec<u8> = other[from..].iter().copied().take(16).collect();
                input.splice(at..at, piece);
            }
        }
    }
}

/// Decodes like the gateway does: the frame, then its payload, then the meta's payload.
fn exercise(bytes: &[u8]) {
    let Ok(decoded) = frame::decode(bytes, LIMIT) else {
        return;
    };
    let again =
        pb::MSync::decode(decoded.msync.encode_to_vec().as_slice()).expect("re-encoded frame decodes");
    assert_eq!(again, decoded.msync, "decode(encode(x)) == x");
    match decoded.command {
        Command::Provision => {
            let _ = decoded.payload::<pb::Provision>("Provision");
        }
        Command::Logout => {
            let _ = decoded.payload::<pb::Logout>("Logout");
        }
        Command::Unread | Command::Notice => {}
        Command::Sync => {
            if let Ok(upload) = decoded.payload::<pb::CommSyncUl>("CommSyncUL")
                && let Some(meta) = upload.meta
            {
                let payload = meta.payload.unwrap_or_default();
                let _ = pb::MessageBody::decode(payload.as_slice());
                let _ = pb::MucBody::decode(payload.as_slice());
                let _ = pb::StatisticsBody::decode(payload.as_slice());
            }
        }
    }
}

#[test]
fn mutated_frames_never_panic_the_decoder() {
    let seconds: u64 = std::env::var("NATTER_FUZZ_SECS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(5);
    let seed: u64 = std::env::var("NATTER_FUZZ_SEED")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| rand::rng().random());
    eprintln!("frame fuzz: seed {seed} (replay with NATTER_FUZZ_SEED={seed}), up to {seconds} s");
    let mut rng = StdRng::seed_from_u64(seed);
    let corpus = seeds();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut inputs = 0u64;
    while Instant::now() < deadline && inputs < 200_000 {
        let mut input = corpus[rng.random_range(0..corpus.len())].clone();
        mutate(&mut rng, &mut input, &corpus);
        exercise(&input);
        inputs += 1;
    }
    // Pure noise and oversized frames too.
    for size in [0, 1, 2, 3, 17, 255, 4096] {
        let noise: Vec<u8> = (0..size).map(|_| rng.random()).collect();
        exercise(&noise);
    }
    assert!(
        frame::decode(&vec![0; LIMIT + 1], LIMIT).is_err(),
        "oversized frames are refused"
    );
    eprintln!("frame fuzz: {inputs} inputs");
    assert!(inputs > 1000, "the fuzz ran: {inputs} inputs");
}
