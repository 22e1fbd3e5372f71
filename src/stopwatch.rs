//! Wall time of the pipeline's stages, as `kaisetsu -v` prints them.

use std::time::{Duration, Instant};

/// Times the pipeline's stages one after another.
#[derive(Debug)]
pub(crate) struct Stopwatch {
    last: Instant,
    pub(crate) laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    pub(crate) fn new() -> Self {
        Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Records the time since the previous lap as stage `name`.
    pub(crate) fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }
}
