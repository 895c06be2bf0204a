//! The progress bar of long runs, on standard error.
//!
//! Shown only to a person: standard error is a terminal, the output format is for people
//! (not a machine format), `--quiet` is off, and neither `CI` is set nor `TERM=dumb`. Even
//! then it appears only once a run is long: more than [`MANY_FILES`] files, or more than
//! [`LONG_RUN`] spent so far. It is cleared when the last file is done, before any report is
//! written, so it never mixes with findings and never reaches a CI log or a redirected file.
//!
//! With `cli`, the only other module that draws on the terminal.

use crate::engine::Progress;
use crate::report::Format;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

/// Runs over this many files show the bar from the start.
pub const MANY_FILES: usize = 200;
/// Shorter runs show it once they have taken this long.
pub const LONG_RUN: Duration = Duration::from_secs(1);

/// Whether a progress bar may be drawn at all. `env` reads an environment variable.
#[must_use]
pub fn wanted(format: Format, quiet: bool, stderr_is_terminal: bool, env: &dyn Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
    stderr_is_terminal && !format.is_machine() && !quiet && !set("CI") && env("TERM").as_deref() != Some("dumb")
}

/// Whether a run with `total` files, `elapsed` in, is long enough to show the bar.
#[must_use]
pub fn long_enough(total: usize, elapsed: Duration) -> bool {
    total > MANY_FILES || elapsed > LONG_RUN
}

/// A bar that stays hidden until the run is long, then counts files on standard error.
pub struct FileProgress {
    bar: ProgressBar,
    started: Instant,
    shown: Once,
}

impl FileProgress {
    /// A hidden bar; the clock starts now.
    #[must_use]
    pub fn new() -> Arc<Self> {
        let bar = ProgressBar::hidden();
        if let Ok(style) = ProgressStyle::with_template("checking {pos}/{len} files [{bar:40}] {elapsed}") {
            bar.set_style(style.progress_chars("=> "));
        }
        Arc::new(Self { bar, started: Instant::now(), shown: Once::new() })
    }

    /// Record that `done` of `total` files are checked.
    pub fn update(&self, done: usize, total: usize) {
        if self.bar.length() != Some(total as u64) {
            self.bar.set_length(total as u64);
        }
        if done < total && long_enough(total, self.started.elapsed()) {
            self.shown.call_once(|| self.bar.set_draw_target(ProgressDrawTarget::stderr()));
        }
        self.bar.set_position(done as u64);
        if done >= total {
            self.bar.finish_and_clear();
        }
    }

    /// Clear the bar (also when the run stopped early).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// The engine callback that feeds this bar.
    #[must_use]
    pub fn callback(self: &Arc<Self>) -> Progress {
        let me = self.clone();
        Progress(Arc::new(move |done, total| me.update(done, total)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).to_string())
    }

    #[test]
    fn only_people_at_a_terminal_see_it() {
        assert!(wanted(Format::Human, false, true, &env(&[("TERM", "xterm")])));
        assert!(!wanted(Format::Human, false, false, &env(&[])));
        assert!(!wanted(Format::Sarif, false, true, &env(&[])));
        assert!(!wanted(Format::Json, false, true, &env(&[])));
        assert!(!wanted(Format::Human, true, true, &env(&[])));
        assert!(!wanted(Format::Human, false, true, &env(&[("CI", "true")])));
        assert!(!wanted(Format::Human, false, true, &env(&[("TERM", "dumb")])));
        assert!(wanted(Format::Human, false, true, &env(&[("CI", "")])));
    }

    #[test]
    fn only_long_runs_show_it() {
        assert!(!long_enough(10, Duration::from_millis(100)));
        assert!(long_enough(201, Duration::ZERO));
        assert!(long_enough(3, Duration::from_secs(2)));
    }

    #[test]
    fn updates_from_many_threads_do_not_panic() {
        let p = FileProgress::new();
        let cb = p.callback();
        std::thread::scope(|s| {
            for t in 0..4 {
                let cb = cb.clone();
                s.spawn(move || {
                    for i in 0..50 {
                        (cb.0)(t * 50 + i + 1, 200);
                    }
                });
            }
        });
        p.finish();
        assert!(p.bar.is_finished());
    }
}
