//! natter-bench: a load generator that speaks msync (as the official SDKs do) and the Easemob REST API to
//! a Natter server on loopback, and reports throughput, latency and server memory.
//!
//! Scenarios: `idle` (many authenticated connections held open; server RSS per connection), `pairs`
//! (one-to-one senders and receivers; acked and delivered messages/s and send→deliver latency), `group`
//! and `room` (fan-out to every online member), and `rest` (authenticated REST calls at a fixed
//! concurrency). Every scenario is bounded in time and counts, and refuses a target that is not loopback.

pub mod cli;
pub mod fanout;
pub mod idle;
pub mod msync;
pub mod pairs;
pub mod peer;
pub mod progress;
pub mod rest;
pub mod setup;
pub mod stats;
pub mod target;

pub use cli::{Cli, run};

/// What a scenario measured: the figures as JSON, and the same for people.
#[derive(Debug, Clone)]
pub struct Report {
    pub scenario: &'static str,
    pub json: serde_json::Value,
    pub summary: String,
}
