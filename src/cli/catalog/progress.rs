//! The progress display of a catalogue run on stderr: a bar over the catalogue's bytes when
//! its size is known (a file), a spinner with the count and rate when it is not (standard
//! input, a pipe). None when stderr is not a terminal or with `--quiet`, so logs and CI get
//! only the summary at the end.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::{Duration, Instant};

pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
}

impl Progress {
    /// `size`: the catalogue's length in bytes, when it is a regular file.
    pub fn new(show: bool, size: Option<u64>) -> Progress {
        let started = Instant::now();
        if !show {
            return Progress { bar: None, started };
        }
        let bar = match size.filter(|&n| n > 0) {
            Some(n) => {
                let bar = ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr());
                // Short enough for an 80-column terminal: the bar takes what the counts leave.
                if let Ok(style) =
                    ProgressStyle::with_template("{spinner} [{wide_bar}] {percent:>3}% {msg} · ETA {eta}")
                {
                    bar.set_style(style.progress_chars("=> "));
                }
                bar
            }
            None => {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}") {
                    bar.set_style(style);
                }
                bar
            }
        };
        // Redrawn between chunks too, so a slow producer on stdin still shows the run is alive.
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar: Some(bar), started }
    }

    /// After each chunk: bytes of the catalogue read so far, and the counts.
    pub fn update(&self, bytes: u64, subjects: usize, invalid: usize, failing: usize) {
        let Some(bar) = &self.bar else { return };
        let rate = subjects as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
        bar.set_position(bytes);
        let invalid = if invalid > 0 { format!(" · {invalid} invalid") } else { String::new() };
        bar.set_message(format!("{subjects} subjects · {failing} failing{invalid} · {rate:.0}/s"));
    }

    /// Runs `f` (which prints to stderr) with the display cleared, then redraws it.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Clears the display, before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}
