//! Timing a child process: wall time from spawn to exit, and its peak resident memory.
//!
//! Linux carries a process's RSS high-water mark across `exec`, so a child spawned by this
//! (large) benchmark process would report at least the benchmark's own peak in `ru_maxrss`.
//! The command therefore runs under GNU `/usr/bin/time -f %M`, whose own small process forks
//! the child and reports the child's peak. Without `/usr/bin/time` (Debian package `time`),
//! the figure comes from `wait4` and is an upper bound.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// GNU time, for the child's own peak RSS.
const TIME: &str = "/usr/bin/time";

/// One timed run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    /// Spawn to exit.
    pub(crate) wall: Duration,
    /// Peak resident set size in bytes.
    pub(crate) rss: u64,
}

/// Runs `cmd` to completion, with stdout discarded and stderr kept for the error message.
pub(crate) fn run(cmd: &Command, stderr_file: &Path) -> Result<Sample, String> {
    let err = fs::File::create(stderr_file).map_err(|e| e.to_string())?;
    let rss_file = stderr_file.with_extension("rss");
    let _ = fs::remove_file(&rss_file);
    let mut cmd = if Path::new(TIME).is_file() {
        let mut c = Command::new(TIME);
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file);
        c.arg(cmd.get_program()).args(cmd.get_args());
        c
    } else {
        let mut c = Command::new(cmd.get_program());
        c.args(cmd.get_args());
        c
    };
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::from(err))
        .spawn()
        .map_err(|e| format!("cannot start {cmd:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for; the pointers are valid for the call.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    // The child is reaped; dropping `Child` does not wait again.
    drop(child);
    if r < 0 {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let text = fs::read_to_string(stderr_file).unwrap_or_default();
        return Err(format!("{cmd:?} failed (status {status}):\n{text}"));
    }
    let kib = fs::read_to_string(&rss_file)
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse::<u64>().ok()))
        .unwrap_or(usage.ru_maxrss as u64);
    Ok(Sample {
        wall,
        rss: kib * 1024,
    })
}

/// Median of the samples' wall times and the largest peak memory.
pub(crate) fn summarize(samples: &[Sample]) -> (Duration, u64) {
    let mut walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
    (
        median(&mut walls),
        samples.iter().map(|s| s.rss).max().unwrap_or(0),
    )
}

/// Median (the mean of the middle two for an even count).
pub(crate) fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    match v.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2,
    }
}

/// Times `f` `runs` times (after `prepare` each time, untimed) and returns the median.
pub(crate) fn time_fn(runs: usize, mut prepare: impl FnMut(), mut f: impl FnMut()) -> Duration {
    let mut v = Vec::with_capacity(runs);
    for _ in 0..runs {
        prepare();
        let start = Instant::now();
        f();
        v.push(start.elapsed());
    }
    median(&mut v)
}
