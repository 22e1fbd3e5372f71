//! Robustness (issue 7): the dev server under load and a burst of rapid saves.
//!
//! - 200 concurrent clients × 50 requests each over loopback (pages, stylesheets, scripts,
//!   JSON, redirects, 404s; half the clients keep their connection alive, half open a new one
//!   for each request): every response has the expected status and the complete expected body,
//!   and the process's resident memory stays bounded (a second round must not grow it much:
//!   no leak per request).
//! - 500 rapid saves of one content file, with readers requesting the page all along: every
//!   read gets a whole page, and once the rebuilds settle the served site equals a clean build
//!   of the final sources.
//! - (The SIGKILL test is in `build_kill.rs`.)
//!
//! The tests in this file run one at a time (a lock), so that the memory figures are the load
//! test's own. Every wait has a deadline.

mod common;

use common::served_clean_build;
use kaisetsu::serve::{start, Running, ServeOptions};
use std::io::Read;
use std::path::Path;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A line for the log even when the test passes (`eprintln!` output of a passing test is
/// swallowed by the harness).
fn say(msg: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{msg}");
}

static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// The bundled site's sources (config, content, themes, templates, static) in a fresh folder.
fn bundled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = common::repo();
    for name in ["config.toml", "content", "themes", "templates", "static"] {
        let from = repo.join(name);
        if from.is_file() {
            std::fs::copy(&from, dir.path().join(name)).unwrap();
        } else if from.is_dir() {
            for e in walkdir::WalkDir::new(&from) {
                let e = e.unwrap();
                let to = dir.path().join(e.path().strip_prefix(&repo).unwrap());
                if e.file_type().is_dir() {
                    std::fs::create_dir_all(&to).unwrap();
                } else {
                    std::fs::copy(e.path(), &to).unwrap();
                }
            }
        }
    }
    dir
}

fn serve(root: &Path) -> Running {
    let mut opts = ServeOptions::new(root);
    opts.port = 0;
    opts.quiet = true;
    start(&opts).expect("the server starts")
}

/// A line of `/proc/self/status` in kB (`VmRSS`, `VmHWM`).
fn proc_status_kb(key: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    s.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {key} in /proc/self/status"))
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

/// One request of the load mix: path, expected status, expected body.
#[derive(Clone)]
struct Expect {
    path: String,
    status: u16,
    body: Arc<Vec<u8>>,
}

fn request_mix(server: &Running) -> Vec<Expect> {
    let files = server.snapshot();
    let not_found = Arc::new(files["404.html"].clone());
    let mut mix = Vec::new();
    for (path, bytes) in &files {
        let url = match path.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None if path.ends_with(".css")
                || path.ends_with(".js")
                || path.ends_with(".json")
                || path.ends_with(".xml") =>
            {
                format!("/{path}")
            }
            None => continue,
        };
        mix.push(Expect {
            path: url,
            status: 200,
            body: Arc::new(bytes.clone()),
        });
    }
    for p in [
        "/no/such/page/",
        "/glossary/no-such-term/",
        "/missing.css",
        "/../../etc/passwd",
        "/%2e%2e/config.toml",
    ] {
        let status = 404;
        mix.push(Expect {
            path: p.to_string(),
            status,
            body: not_found.clone(),
        });
    }
    // A section without its slash is redirected.
    mix.push(Expect {
        path: "/glossary".into(),
        status: 301,
        body: Arc::new(Vec::new()),
    });
    assert!(mix.len() > 100, "{} paths", mix.len());
    mix
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout_connect(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .redirects(0)
        .max_idle_connections_per_host(1)
        .build()
}

/// One request; `Err` says what went wrong.
fn check(agent: &ureq::Agent, base: &str, e: &Expect) -> Result<(), String> {
    let url = format!("{}{}", base.trim_end_matches('/'), e.path);
    let resp = match agent.get(&url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(err) => return Err(format!("{}: {err}", e.path)),
    };
    let status = resp.status();
    let length = resp.header("content-length").map(str::to_string);
    let mut body = Vec::new();
    resp.into_reader()
        .read_to_end(&mut body)
        .map_err(|err| format!("{}: reading the body: {err}", e.path))?;
    if status != e.status {
        return Err(format!("{}: status {status}, wanted {}", e.path, e.status));
    }
    if let Some(l) = length {
        if l != body.len().to_string() {
            return Err(format!(
                "{}: Content-Length {l}, body {}",
                e.path,
                body.len()
            ));
        }
    }
    if e.status != 301 && common::served::unstamp(&body) != *e.body {
        return Err(format!(
            "{}: body of {} bytes differs from the expected {} bytes",
            e.path,
            body.len(),
            e.body.len()
        ));
    }
    Ok(())
}

const CLIENTS: usize = 200;
const PER_CLIENT: usize = 50;

struct Round {
    requests: u64,
    errors: Vec<String>,
    elapsed: Duration,
    slowest: Duration,
}

/// 200 threads × 50 requests, all started together.
fn load_round(server: &Running, mix: &Arc<Vec<Expect>>, seed: usize) -> Round {
    let base = server.url();
    let done = Arc::new(AtomicU64::new(0));
    let barrier = Arc::new(std::sync::Barrier::new(CLIENTS));
    let start = Instant::now();
    let handles: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (mix, base, done, barrier) =
                (mix.clone(), base.clone(), done.clone(), barrier.clone());
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    let keep_alive = client % 2 == 0;
                    let mut a = agent();
                    let mut errors = Vec::new();
                    let mut slowest = Duration::ZERO;
                    barrier.wait();
                    for i in 0..PER_CLIENT {
                        if !keep_alive {
                            a = agent();
                        }
                        let e = &mix[(seed + client * PER_CLIENT + i) * 7919 % mix.len()];
                        let t = Instant::now();
                        if let Err(msg) = check(&a, &base, e) {
                            errors.push(format!("client {client} request {i}: {msg}"));
                        }
                        slowest = slowest.max(t.elapsed());
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    (errors, slowest)
                })
                .unwrap()
        })
        .collect();
    let mut errors = Vec::new();
    let mut slowest = Duration::ZERO;
    for h in handles {
        let (e, s) = h.join().expect("a client thread panicked");
        errors.extend(e);
        slowest = slowest.max(s);
    }
    Round {
        requests: done.load(Ordering::Relaxed),
        errors,
        elapsed: start.elapsed(),
        slowest,
    }
}

#[test]
fn two_hundred_clients_fifty_requests_each_no_error_and_bounded_memory() {
    let _serial = serial();
    let site = bundled_copy();
    let server = serve(site.path());
    assert!(server.errors().is_empty(), "{:?}", server.errors());
    let mix = Arc::new(request_mix(&server));
    // Warm up: every path once.
    let a = agent();
    for e in mix.iter() {
        check(&a, &server.url(), e).unwrap();
    }
    let rss_before = proc_status_kb("VmRSS");
    let first = load_round(&server, &mix, 0);
    let rss_first = proc_status_kb("VmRSS");
    let second = load_round(&server, &mix, 1);
    let rss_second = proc_status_kb("VmRSS");
    let peak = proc_status_kb("VmHWM");
    for (name, r) in [("first", &first), ("second", &second)] {
        say(&format!(
            "{name} round: {} requests from {CLIENTS} clients in {:.2} s ({:.0} requests/s), \
             {} error(s), slowest {:.0} ms",
            r.requests,
            r.elapsed.as_secs_f64(),
            r.requests as f64 / r.elapsed.as_secs_f64(),
            r.errors.len(),
            r.slowest.as_secs_f64() * 1000.0
        ));
    }
    say(&format!(
        "VmRSS before {}, after the first round {}, after the second {}; peak (VmHWM) {}",
        mb(rss_before),
        mb(rss_first),
        mb(rss_second),
        mb(peak)
    ));
    for r in [&first, &second] {
        assert_eq!(r.requests, (CLIENTS * PER_CLIENT) as u64);
        assert!(
            r.errors.is_empty(),
            "{} error(s), the first ones:\n{}",
            r.errors.len(),
            r.errors[..r.errors.len().min(20)].join("\n")
        );
        assert!(r.elapsed < Duration::from_secs(120), "{:?}", r.elapsed);
    }
    let growth = rss_first.saturating_sub(rss_before);
    assert!(
        growth < 200 * 1024,
        "RSS grew by {} in the first round",
        mb(growth)
    );
    let growth = rss_second.saturating_sub(rss_first);
    assert!(
        growth < 50 * 1024,
        "RSS grew by {} more in the second round (a leak?)",
        mb(growth)
    );
    // Still serving, and nothing was rebuilt by reading.
    check(&a, &server.url(), &mix[0]).unwrap();
    assert_eq!(server.builds(), 1);
}

#[test]
fn five_hundred_rapid_saves_end_with_the_page_of_a_served_clean_build() {
    let _serial = serial();
    let site = bundled_copy();
    let root = site.path().to_path_buf();
    let server = serve(&root);
    let rel = "content/explainers/patriot-transfer.md";
    let page = "explainers/patriot-transfer/index.html";
    let url = format!("{}explainers/patriot-transfer/", server.url());
    let original = std::fs::read_to_string(root.join(rel)).unwrap();

    // Readers all along: every answer must be a whole page.
    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let (stop, url) = (stop.clone(), url.clone());
            std::thread::spawn(move || {
                let a = agent();
                let (mut n, mut errors) = (0u64, Vec::new());
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    match a.get(&url).call() {
                        Ok(r) if r.status() == 200 => {
                            let body = r.into_string().unwrap_or_default();
                            if !body.trim_end().ends_with("</html>") {
                                errors.push(format!("a cut page of {} bytes", body.len()));
                            }
                        }
                        Ok(r) => errors.push(format!("status {}", r.status())),
                        Err(e) => errors.push(e.to_string()),
                    }
                }
                (n, errors)
            })
        })
        .collect();

    let builds_before = server.builds();
    let start = Instant::now();
    for i in 0..500 {
        std::fs::write(
            root.join(rel),
            format!("{original}\nRapid save number {i}.\n"),
        )
        .unwrap();
        if i >= 250 {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    let saving = start.elapsed();

    // Wait until the build count has not moved for a second and the site equals a clean build.
    let deadline = Instant::now() + Duration::from_secs(60);
    let (mut last_builds, mut still_since) = (server.builds(), Instant::now());
    let (served, clean) = loop {
        std::thread::sleep(Duration::from_millis(100));
        let b = server.builds();
        if b != last_builds {
            (last_builds, still_since) = (b, Instant::now());
        }
        if still_since.elapsed() >= Duration::from_secs(1) {
            let served = server.snapshot();
            let clean = served_clean_build(&server, &root);
            if served == clean || Instant::now() > deadline {
                break (served, clean);
            }
        }
        assert!(
            Instant::now() < deadline + Duration::from_secs(5),
            "never settled"
        );
    };
    let settled = start.elapsed();
    stop.store(true, Ordering::Relaxed);
    let (mut reads, mut read_errors) = (0, Vec::new());
    for r in readers {
        let (n, e) = r.join().unwrap();
        reads += n;
        read_errors.extend(e);
    }
    say(&format!(
        "500 saves in {:.0} ms → {} rebuild(s); settled {:.2} s after the first save; \
         {reads} reads during the saves, {} error(s)",
        saving.as_secs_f64() * 1000.0,
        server.builds() - builds_before,
        settled.as_secs_f64(),
        read_errors.len()
    ));
    assert!(server.errors().is_empty(), "{:?}", server.errors());
    let differ = common::differing(&served, &clean);
    assert!(
        differ.is_empty(),
        "the served site differs from a clean build in {differ:?}"
    );
    let body = agent().get(&url).call().unwrap().into_string().unwrap();
    assert_eq!(
        common::served::unstamp(body.as_bytes()),
        clean[page].as_slice(),
        "the served page"
    );
    assert!(body.contains("Rapid save number 499."));
    assert!(!body.contains("Rapid save number 498."));
    assert!(
        read_errors.is_empty(),
        "{} failed read(s) during the saves: {:?}",
        read_errors.len(),
        &read_errors[..read_errors.len().min(10)]
    );
}

// ---------------------------------------------------------------------------------------------
// SIGKILL during a build
