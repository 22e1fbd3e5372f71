//! The requests of `check --external`: a blocking HTTP client (ureq) on a few threads.
//!
//! Each URL gets `HEAD`, then `GET` when the server refuses `HEAD` (405, 501). Redirects are
//! followed here rather than by the client, so that a permanent one (301, 308) can be
//! reported with where it leads. A failure to connect, a timeout, a 429 or a 5xx is retried
//! once. At most `concurrency` requests are in flight, and at most `per_host` on one host.

use crate::config::LinkCheckConfig;
use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// What requesting a URL gave.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "result", rename_all = "lowercase")]
pub(super) enum Outcome {
    /// A success (temporary redirects followed).
    Ok,
    /// A success at another address, reached through a permanent redirect.
    Moved {
        /// Where the redirects led.
        to: String,
    },
    /// An error status.
    Status {
        /// The HTTP status.
        code: u16,
    },
    /// No answer: refused, timed out, bad TLS, too many redirects.
    Failed {
        /// Why, in a few words.
        reason: String,
    },
}

const MAX_REDIRECTS: usize = 8;

/// Requests every URL of `urls`; the outcomes are in the same order.
pub(super) fn check_all(urls: &[String], config: &LinkCheckConfig) -> Vec<Outcome> {
    if urls.is_empty() {
        return Vec::new();
    }
    let agent = ureq::AgentBuilder::new()
        .redirects(0)
        .timeout(Duration::from_secs(config.timeout.max(1)))
        .user_agent(concat!(
            "kaisetsu/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build();
    let hosts: Vec<String> = urls.iter().map(|u| host_of(u)).collect();
    let pool = Pool {
        state: Mutex::new(PoolState {
            next: (0..urls.len()).collect(),
            busy: HashMap::new(),
            results: vec![None; urls.len()],
        }),
        changed: Condvar::new(),
        per_host: config.per_host.max(1),
    };
    let workers = config.concurrency.clamp(1, urls.len());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while let Some(i) = pool.take(&hosts) {
                    let outcome = check_with_retry(&agent, &urls[i]);
                    pool.done(i, &hosts[i], outcome);
                }
            });
        }
    });
    pool.state
        .into_inner()
        .expect("no worker panics holding the lock")
        .results
        .into_iter()
        .map(|r| r.expect("every URL was checked"))
        .collect()
}

struct PoolState {
    /// URLs not started, by index.
    next: Vec<usize>,
    /// Requests in flight per host.
    busy: HashMap<String, usize>,
    results: Vec<Option<Outcome>>,
}

struct Pool {
    state: Mutex<PoolState>,
    changed: Condvar,
    per_host: usize,
}

impl Pool {
    /// The next URL whose host has room, waiting while every remaining one's host is busy;
    /// `None` when none is left.
    fn take(&self, hosts: &[String]) -> Option<usize> {
        let mut st = self
            .state
            .lock()
            .expect("no worker panics holding the lock");
        loop {
            if st.next.is_empty() {
                return None;
            }
            let free = st
                .next
                .iter()
                .position(|&i| st.busy.get(&hosts[i]).copied().unwrap_or(0) < self.per_host);
            if let Some(k) = free {
                let i = st.next.remove(k);
                *st.busy.entry(hosts[i].clone()).or_default() += 1;
                return Some(i);
            }
            st = self
                .changed
                .wait(st)
                .expect("no worker panics holding the lock");
        }
    }

    fn done(&self, i: usize, host: &str, outcome: Outcome) {
        let mut st = self
            .state
            .lock()
            .expect("no worker panics holding the lock");
        if let Some(n) = st.busy.get_mut(host) {
            *n -= 1;
        }
        st.results[i] = Some(outcome);
        self.changed.notify_all();
    }
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

fn check_with_retry(agent: &ureq::Agent, url: &str) -> Outcome {
    let first = check_once(agent, url);
    let retry = match &first {
        Outcome::Failed { .. } => true,
        Outcome::Status { code } => *code == 429 || *code >= 500,
        _ => false,
    };
    if retry {
        check_once(agent, url)
    } else {
        first
    }
}

/// One attempt: `HEAD` (or `GET`) and the redirects after it.
fn check_once(agent: &ureq::Agent, url: &str) -> Outcome {
    let mut current = url.to_string();
    let mut moved = false;
    for _ in 0..=MAX_REDIRECTS {
        let mut answer = request(agent, "HEAD", &current);
        if matches!(answer, Answer::Status(405 | 501)) {
            answer = request(agent, "GET", &current);
        }
        match answer {
            Answer::Status(code) if code < 300 => {
                return if moved {
                    Outcome::Moved { to: current }
                } else {
                    Outcome::Ok
                };
            }
            Answer::Status(code) => return Outcome::Status { code },
            Answer::Redirect(code, location) => {
                moved |= code == 301 || code == 308;
                current = match url::Url::parse(&current).and_then(|u| u.join(&location)) {
                    Ok(u) => u.to_string(),
                    Err(e) => {
                        return Outcome::Failed {
                            reason: format!("bad redirect to {location}: {e}"),
                        }
                    }
                };
            }
            Answer::Failed(reason) => return Outcome::Failed { reason },
        }
    }
    Outcome::Failed {
        reason: format!("more than {MAX_REDIRECTS} redirects"),
    }
}

enum Answer {
    Status(u16),
    Redirect(u16, String),
    Failed(String),
}

fn request(agent: &ureq::Agent, method: &str, url: &str) -> Answer {
    match agent.request(method, url).call() {
        Ok(resp) => {
            let code = resp.status();
            match resp.header("location") {
                Some(loc) if (300..400).contains(&code) => Answer::Redirect(code, loc.to_string()),
                _ => Answer::Status(code),
            }
        }
        Err(ureq::Error::Status(code, _)) => Answer::Status(code),
        Err(ureq::Error::Transport(t)) => Answer::Failed(transport_reason(&t)),
    }
}

fn transport_reason(t: &ureq::Transport) -> String {
    let text = t.to_string();
    if text.contains("timed out") || text.contains("Timeout") || text.contains("WouldBlock") {
        "timed out".into()
    } else if text.contains("refused") {
        "connection refused".into()
    } else {
        text
    }
}
