//! natter-codes integration tests: the catalog against the seeds and references in `../shared`.

mod shared;
