//! The catalog's tables, one module per dialect. Each row cites where it is documented.

pub mod easemob_rest;
pub mod msync;
pub mod native_sdk;
pub mod rongcloud;
pub mod web_sdk;
