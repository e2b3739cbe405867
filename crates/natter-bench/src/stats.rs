//! Latency histograms (HDR, microseconds) and their summaries in milliseconds.

use hdrhistogram::Histogram;
use serde_json::{Value, json};

/// Highest latency recorded: one hour, in microseconds; larger values are clamped.
const HIGHEST_US: u64 = 3_600_000_000;

/// A latency histogram in microseconds, three significant digits.
#[derive(Debug, Clone)]
pub struct Latency {
    histogram: Histogram<u64>,
}

impl Default for Latency {
    fn default() -> Latency {
        Latency::new()
    }
}

impl Latency {
    pub fn new() -> Latency {
        Latency {
            histogram: Histogram::new_with_bounds(1, HIGHEST_US, 3)
                .expect("constant bounds: 1 ≤ low, high ≥ 2·low, 3 significant digits"),
        }
    }

    pub fn record_us(&mut self, micros: u64) {
        self.histogram.saturating_record(micros.clamp(1, HIGHEST_US));
    }

    pub fn merge(&mut self, other: &Latency) {
        // Same bounds on both sides, so adding cannot fail; a failure would only lose samples.
        let _ = self.histogram.add(&other.histogram);
    }

    pub fn count(&self) -> u64 {
        self.histogram.len()
    }

    fn ms_at(&self, quantile: f64) -> f64 {
        self.histogram.value_at_quantile(quantile) as f64 / 1000.0
    }

    /// `{count, mean_ms, p50_ms, p99_ms, p999_ms, max_ms}`.
    pub fn to_json(&self) -> Value {
        if self.count() == 0 {
            return json!({"count": 0});
        }
        json!({
            "count": self.count(),
            "mean_ms": round3(self.histogram.mean() / 1000.0),
            "p50_ms": round3(self.ms_at(0.5)),
            "p99_ms": round3(self.ms_at(0.99)),
            "p999_ms": round3(self.ms_at(0.999)),
            "max_ms": round3(self.histogram.max() as f64 / 1000.0),
        })
    }

    /// `p50 1.234 ms, p99 …, p99.9 …, max …`.
    pub fn summary(&self) -> String {
        if self.count() == 0 {
            return "no samples".to_owned();
        }
        format!(
            "p50 {:.3} ms, p99 {:.3} ms, p99.9 {:.3} ms, max {:.3} ms ({} samples)",
            self.ms_at(0.5),
            self.ms_at(0.99),
            self.ms_at(0.999),
            self.histogram.max() as f64 / 1000.0,
            self.count()
        )
    }
}

/// Rounds to three decimals for readable JSON.
pub fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

/// `count / seconds`, 0 when no time passed.
pub fn per_sec(count: u64, seconds: f64) -> f64 {
    if seconds > 0.0 {
        (count as f64 / seconds * 10.0).round() / 10.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_come_out_in_milliseconds() {
        let mut latency = Latency::new();
        for micros in 1..=1000 {
            latency.record_us(micros * 10);
        }
        let mut other = Latency::new();
        other.record_us(5_000_000);
        latency.merge(&other);
        let json = latency.to_json();
        assert_eq!(json["count"], 1001);
        let p50 = json["p50_ms"].as_f64().expect("p50");
        assert!((4.9..5.1).contains(&p50), "{p50}");
        assert!(json["max_ms"].as_f64().expect("max") >= 4999.0);
        assert_eq!(Latency::new().to_json()["count"], 0);
        assert_eq!(per_sec(10, 0.0), 0.0);
        assert_eq!(per_sec(10, 2.0), 5.0);
    }
}
