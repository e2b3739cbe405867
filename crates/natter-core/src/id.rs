//! Time-ordered numeric ids (groups, chat rooms, threads, messages): the vendor's ids are decimal
//! strings of u64s that grow with time, and clients sort by them.

use std::sync::atomic::{AtomicU64, Ordering};

/// Bits below the millisecond timestamp: up to 65,536 ids per millisecond before borrowing from the next.
const SEQUENCE_BITS: u32 = 16;

/// Hands out strictly increasing ids of the shape `unix_ms << 16 | sequence`.
///
/// Ids stay unique and increasing within a process even if the clock steps back (they then run ahead of
/// the clock until it catches up). Across restarts they are unique as long as the clock does not step back
/// by more than the downtime.
#[derive(Debug, Default)]
pub struct IdGenerator {
    last: AtomicU64,
}

impl IdGenerator {
    /// The next id at time `now_ms` (Unix ms).
    pub fn next(&self, now_ms: i64) -> u64 {
        let floor = u64::try_from(now_ms).unwrap_or(0) << SEQUENCE_BITS;
        let mut last = self.last.load(Ordering::Relaxed);
        loop {
            let candidate = floor.max(last + 1);
            match self
                .last
                .compare_exchange_weak(last, candidate, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return candidate,
                Err(current) => last = current,
            }
        }
    }

    /// The Unix ms an id was made at.
    pub fn timestamp_ms(id: u64) -> i64 {
        i64::try_from(id >> SEQUENCE_BITS).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_increase_and_carry_their_time() {
        let generator = IdGenerator::default();
        let first = generator.next(1_700_000_000_000);
        let second = generator.next(1_700_000_000_000);
        let earlier_clock = generator.next(1_600_000_000_000);
        assert!(first < second && second < earlier_clock);
        assert_eq!(IdGenerator::timestamp_ms(first), 1_700_000_000_000);
    }

    #[test]
    fn concurrent_callers_never_share_an_id() {
        let generator = std::sync::Arc::new(IdGenerator::default());
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let generator = generator.clone();
                std::thread::spawn(move || (0..1000).map(|_| generator.next(5)).collect::<Vec<_>>())
            })
            .collect();
        let mut all: Vec<u64> = handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("thread"))
            .collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 4000);
    }
}
