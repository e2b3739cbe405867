//! natter-msync integration tests: the committed schema against the SDKs' own descriptors, and a bounded
//! mutation fuzz of the frame decoder.

mod fuzz;
mod schema;
