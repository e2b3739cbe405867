//! natter-codes integration tests: the catalog against the seeds and references in `../shared`.

mod seed_easemob_rest;
mod seed_rongcloud_msync;
mod seed_sdk;
mod shared;
