//! placeholder, filled in by the table author.

use crate::Entry;

/// The rows of this dialect.
pub static EASEMOB_REST: &[Entry] = &[];
