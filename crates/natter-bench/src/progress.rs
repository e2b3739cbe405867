//! The progress bar on stderr: a bar (or spinner) redrawn from the scenario's live counters. indicatif
//! draws nothing when stderr is not a terminal, so CI logs stay clean.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// A running progress display; stops when dropped.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    ticker: Option<tokio::task::JoinHandle<()>>,
}

impl Progress {
    /// A bar towards `total`, redrawn every 200 ms from `poll`, which returns (position, message).
    pub fn bar(label: &str, total: u64, poll: impl Fn() -> (u64, String) + Send + 'static) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style =
            ProgressStyle::with_template("{prefix:>8} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_prefix(label.to_owned());
        let ticking = bar.clone();
        let ticker = tokio::spawn(async move {
            let mut interval = tokio::time::interval(Duration::from_millis(200));
            loop {
                interval.tick().await;
                let (position, message) = poll();
                ticking.set_position(position);
                ticking.set_message(message);
            }
        });
        Progress {
            bar,
            ticker: Some(ticker),
        }
    }

    /// Stops redrawing and clears the bar.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(ticker) = self.ticker.take() {
            ticker.abort();
        }
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}
