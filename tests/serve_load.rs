//! Robustness (issue 7): the dev server under load, a burst of rapid saves, and a build killed
//! with SIGKILL.
//!
//! - 200 concurrent clients × 50 requests each over loopback (pages, stylesheets, scripts,
//!   JSON, redirects, 404s; half the clients keep their connection alive, half open a new one
//!   for each request): every response has the expected status and the complete expected body,
//!   and the process's resident memory stays bounded (a second round must not grow it much:
//!   no leak per request).
//! - 500 rapid saves of one content file, with readers requesting the page all along: every
//!   read gets a whole page, and once the rebuilds settle the served site equals a clean build
//!   of the final sources.
//! - `kaisetsu build` of a 3,000-page site into a folder holding a previous build, killed with
//!   SIGKILL at many points (early, and all through the writing and the swap): the folder is
//!   afterwards byte for byte either the previous build or the complete new one, never a mix,
//!   and nothing is left beside it but `.public.kaisetsu-*` temporary folders.
//!
//! The tests in this file run one at a time (a lock), so that the memory figures are the load
//! test's own. Every wait has a deadline.

mod common;

use common::snapshot;
use kaisetsu::serve::{start, Running, ServeOptions};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
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
    if e.status != 301 && body != *e.body {
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

/// The site as a clean build of the current sources gives it (what the server should serve).
fn clean_build(server: &Running, root: &Path) -> BTreeMap<String, Vec<u8>> {
    use kaisetsu::output::Output as _;
    let (opts, head) = Running::build_inputs(root.canonicalize().unwrap(), server.addr(), false);
    let site = kaisetsu::compile(
        &opts,
        kaisetsu::Injection {
            head: &head,
            body: "",
        },
    )
    .expect("the clean build succeeds");
    let mut out = kaisetsu::output::MemoryOutput::default();
    out.write_site(site.files).unwrap();
    out.files
}

#[test]
fn five_hundred_rapid_saves_end_with_the_page_of_a_clean_build() {
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
            let clean = clean_build(&server, &root);
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
    let differ: Vec<_> = served
        .keys()
        .chain(clean.keys())
        .filter(|k| served.get(*k) != clean.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "the served site differs from a clean build in {differ:?}"
    );
    let body = agent().get(&url).call().unwrap().into_string().unwrap();
    assert_eq!(body.as_bytes(), clean[page].as_slice(), "the served page");
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

/// A generated site: `pages` explainer pages with glossary mentions, 60 terms, a timeline.
fn generate_site(root: &Path, pages: usize, version: &str) {
    let w = |rel: &str, text: String| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "config.toml",
        format!("title = \"Kill test {version}\"\nbase_url = \"/\"\n"),
    );
    w(
        "content/_index.md",
        format!("+++\ntitle = \"Home {version}\"\n+++\n\nA generated site.\n"),
    );
    w(
        "content/notes/_index.md",
        "+++\ntitle = \"Notes\"\n+++\n".into(),
    );
    w(
        "content/glossary/_index.md",
        "+++\ntitle = \"Glossary\"\n+++\n".into(),
    );
    for t in 0..60 {
        w(
            &format!("content/glossary/term-{t}.md"),
            format!(
                "+++\ntitle = \"Widget{t} Rule\"\nsummary = \"Rule number {t} about widgets.\"\n+++\n\n\
                 The Widget{t} Rule governs widgets of kind {t}.\n"
            ),
        );
    }
    w(
        "content/timeline/_index.md",
        "+++\ntitle = \"Timeline\"\n+++\n".into(),
    );
    for e in 0..20 {
        w(
            &format!("content/timeline/event-{e}.md"),
            format!(
                "+++\ntitle = \"Event {e}\"\ndate = \"{}-01-01\"\n+++\n\nSomething happened.\n",
                1950 + e
            ),
        );
    }
    for i in 0..pages {
        let mut body = String::new();
        for para in 0..6 {
            body.push_str(&format!(
                "Paragraph {para} of note {i} ({version}) mentions the Widget{} Rule and the \
                 Widget{} Rule, with *emphasis*, `code` and a [link](@/notes/n{}.md).\n\n",
                (i + para) % 60,
                (i * 7 + para) % 60,
                (i + 1) % pages
            ));
            if para == 2 {
                body.push_str("## A heading\n\n- one\n- two\n\n");
            }
        }
        w(
            &format!("content/notes/n{i}.md"),
            format!("+++\ntitle = \"Note {i}\"\nweight = {i}\n+++\n\n{body}"),
        );
    }
}

/// Everything beside the output folder in its parent folder.
fn siblings(parent: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public")
        .collect();
    v.sort();
    v
}

/// Waits until a folder named `prefix*` that is not in `before` appears in `parent`; returns
/// when it was seen, or None if the child exited first (or after two minutes).
fn wait_for_new_sibling(
    child: &mut std::process::Child,
    parent: &Path,
    prefix: &str,
    before: &[String],
) -> Option<Instant> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(120) {
        let found = std::fs::read_dir(parent).unwrap().flatten().any(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(prefix) && !before.contains(&n)
        });
        if found {
            return Some(Instant::now());
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    None
}

fn build_cmd(root: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kaisetsu"));
    c.args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    c
}

fn build_into(root: &Path, out: &Path) -> Duration {
    let t = Instant::now();
    let o = build_cmd(root, out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    t.elapsed()
}

/// How a kill ended.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// The folder is still the previous build.
    Previous,
    /// The new build was complete in the folder when the kill came.
    New,
}

#[cfg(unix)]
#[test]
fn a_build_killed_with_sigkill_leaves_the_previous_output_intact() {
    use std::os::unix::process::ExitStatusExt as _;
    let _serial = serial();
    let work = tempfile::tempdir().unwrap();
    let (site_a, site_b) = (work.path().join("a"), work.path().join("b"));
    let pages = 3000;
    generate_site(&site_a, pages, "version A");
    generate_site(&site_b, pages, "version B");
    let parent = work.path().join("out");
    std::fs::create_dir_all(&parent).unwrap();
    let out = parent.join("public");
    // The complete new build, for comparison, and the previous build in the output folder,
    // which holds a dotfile the build must keep (as a deploy worktree's .git).
    // Timing the writing phase (from the temporary folder's appearance to the exit) on the way.
    let ref_b = work.path().join("ref-b");
    let t = Instant::now();
    let mut child = build_cmd(&site_b, &ref_b).spawn().unwrap();
    let appeared = wait_for_new_sibling(&mut child, work.path(), ".ref-b.kaisetsu-new-", &[]);
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let t_b = t.elapsed();
    let writing = appeared
        .map(|a| a.elapsed())
        .expect("no temporary folder seen");
    let mut snap_b = snapshot(&ref_b);
    std::fs::remove_dir_all(&ref_b).unwrap();
    snap_b.insert(".gitignore".into(), b"*\n".to_vec());
    let t_a = build_into(&site_a, &out);
    std::fs::write(out.join(".gitignore"), "*\n").unwrap();
    let snap_a = snapshot(&out);
    assert_ne!(snap_a, snap_b);
    assert_eq!(snap_a.len(), snap_b.len());
    eprintln!(
        "{} files; a full build takes {:.2} s (A) and {:.2} s (B), of which writing {:.0} ms",
        snap_a.len(),
        t_a.as_secs_f64(),
        t_b.as_secs_f64(),
        writing.as_secs_f64() * 1000.0
    );

    // Kill points: fixed times after the start, and times after the temporary folder appears
    // (the writing and the swap).
    let mut points: Vec<(&str, Duration)> = [10, 50, 100, 200, 500]
        .into_iter()
        .map(|ms| ("after start", Duration::from_millis(ms)))
        .collect();
    points.extend(
        [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 1.0]
            .into_iter()
            .map(|f| ("after the temporary folder appeared", writing.mul_f64(f))),
    );
    let mut current = 'a';
    let mut log = Vec::new();
    let mut leftovers_seen = Vec::new();
    let test_start = Instant::now();
    for (what, delay) in points {
        assert!(test_start.elapsed() < Duration::from_secs(400), "too slow");
        let (src, target_snap, prev_snap) = if current == 'a' {
            (&site_b, &snap_b, &snap_a)
        } else {
            (&site_a, &snap_a, &snap_b)
        };
        let before = siblings(&parent);
        let mut child = build_cmd(src, &out).spawn().unwrap();
        let spawned = Instant::now();
        if what == "after start" {
            std::thread::sleep(delay);
        } else {
            if let Some(t) =
                wait_for_new_sibling(&mut child, &parent, ".public.kaisetsu-new-", &before)
            {
                std::thread::sleep(delay.saturating_sub(t.elapsed()));
            }
        }
        let finished_before_kill = child.try_wait().unwrap();
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let at = spawned.elapsed();
        let killed = status.signal() == Some(libc::SIGKILL);
        let now = snapshot(&out);
        let outcome = if now == *prev_snap {
            Outcome::Previous
        } else if now == *target_snap {
            Outcome::New
        } else {
            let missing = prev_snap.keys().filter(|k| !now.contains_key(*k)).count();
            let changed = prev_snap
                .iter()
                .filter(|(k, v)| now.get(*k).is_some_and(|n| n != *v))
                .count();
            panic!(
                "killed {what} +{delay:?} (at {at:?}): the output is neither the previous build \
                 nor the new one: {} files, {missing} missing, {changed} changed",
                now.len()
            );
        };
        if outcome == Outcome::New {
            current = if current == 'a' { 'b' } else { 'a' };
        }
        assert!(
            killed || finished_before_kill.is_some(),
            "the build ended with {status:?}"
        );
        let after = siblings(&parent);
        let strange: Vec<_> = after
            .iter()
            .filter(|n| !n.starts_with(".public.kaisetsu-"))
            .collect();
        assert!(
            strange.is_empty(),
            "unexpected files beside the output: {strange:?}"
        );
        let new_leftovers: Vec<_> = after
            .iter()
            .filter(|n| !before.contains(n))
            .cloned()
            .collect();
        log.push(format!(
            "kill {what} +{:.0} ms (at {} ms, {}): {:?}, new leftovers {:?}",
            delay.as_secs_f64() * 1000.0,
            at.as_millis(),
            if killed { "killed" } else { "had finished" },
            outcome,
            new_leftovers
        ));
        leftovers_seen.extend(new_leftovers);
    }
    for l in &log {
        eprintln!("{l}");
    }
    let previous_kept = log.iter().filter(|l| l.contains("Previous")).count();
    say(&format!(
        "SIGKILL: {} kills of a {}-file build; the output was the previous build after {}, the \
         complete new build after {} (none was ever a mix)",
        log.len(),
        snap_a.len(),
        previous_kept,
        log.len() - previous_kept
    ));
    assert!(
        previous_kept >= 5,
        "too few kills landed before the swap to test anything: {log:#?}"
    );

    // A later successful build: the output is the new site, complete.
    let src = if current == 'a' { &site_b } else { &site_a };
    build_into(src, &out);
    let want = if current == 'a' { &snap_b } else { &snap_a };
    assert!(
        snapshot(&out) == *want,
        "a build after the kills is complete"
    );
    let remaining = siblings(&parent);
    if !leftovers_seen.is_empty() {
        say(&format!(
            "\nNOTE: the kills left {} temporary folder(s) beside the output; after a later \
             successful build {} remain: {:?}\n",
            leftovers_seen.len(),
            remaining.len(),
            remaining
        ));
    }
    assert!(
        remaining.is_empty(),
        "a successful build removes what killed builds left: {remaining:?}"
    );
}

#[test]
fn the_generated_kill_test_site_builds_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    generate_site(dir.path(), 20, "check");
    let out: PathBuf = dir.path().join("public");
    build_into(dir.path(), &out);
    let report = common::check_links(&out, "/");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
    assert!(out.join("notes/n19/index.html").is_file());
    let page = std::fs::read_to_string(out.join("notes/n3/index.html")).unwrap();
    assert!(page.contains("/glossary/term-3/"), "glossary autolinks");
}
