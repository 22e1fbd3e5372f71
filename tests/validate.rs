//! Output validity and accessibility of the bundled site (issue 7).
//!
//! - Every HTML page passes the Nu Html Checker (`vnu.jar` from the npm package `vnu-jar`, run
//!   with the machine's Java, `--errors-only`) with 0 errors.
//! - An offline link check of the output (and of a build under a sub-path) finds 0 broken links,
//!   and every sitemap entry is a built page.
//! - axe-core, run in headless Chromium (over chromedriver's WebDriver HTTP API) on the home
//!   page, an explainer, a term page, the glossary index and the timeline, in the light and the
//!   dark colour scheme and at a phone's width, finds 0 serious or critical violations.
//!
//! The tools: `npm ci --prefix tools` (vnu-jar, axe-core), Debian's `default-jre-headless`,
//! `chromium` and `chromium-driver`; `.ci/run` installs them. A missing tool fails its test with
//! a message saying how to install it, unless `KAISETSU_SKIP_VNU=1` (the vnu test) or
//! `KAISETSU_SKIP_BROWSER=1` (the axe test) is set. `KAISETSU_VNU_JAR` and `KAISETSU_AXE_JS`
//! point at other copies of `vnu.jar` and `axe.min.js`.

mod common;

use common::{check_links, kaisetsu, repo, stderr};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Builds the bundled site (the repository root) with the real binary into a fresh folder.
fn build_bundled(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut args = vec!["build", "--quiet", "--output", out.to_str().unwrap()];
    if let Some(b) = base_url {
        args.extend(["--base-url", b]);
    }
    let o = kaisetsu(&repo(), &args);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    (dir, out)
}

fn html_files(out: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

/// A line for the log even when the test passes (`eprintln!` output of a passing test is
/// swallowed by the harness).
fn say(msg: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{msg}");
}

fn skip_notice(what: &str, why: &str, var: &str) {
    // Straight to the process's stderr: the test harness would swallow `eprintln!` output of a
    // passing test.
    let bar = "!".repeat(72);
    let _ = writeln!(
        std::io::stderr().lock(),
        "\n{bar}\n!!! SKIPPED: {what}\n!!! because {why}, and {var}=1 is set\n{bar}\n"
    );
}

/// `Ok(path)` of a tool, or `Err(why it is missing)`.
fn env_or_repo(var: &str, rel: &str) -> Result<PathBuf, String> {
    match std::env::var_os(var) {
        Some(p) => {
            let p = PathBuf::from(p);
            if p.is_file() {
                Ok(p)
            } else {
                Err(format!(
                    "{var} points at {}, which is not a file",
                    p.display()
                ))
            }
        }
        None => {
            let p = repo().join(rel);
            if p.is_file() {
                Ok(p)
            } else {
                Err(format!(
                    "{} is missing (run `npm ci --prefix tools`, or set {var})",
                    p.display()
                ))
            }
        }
    }
}

fn skipping(var: &str) -> bool {
    std::env::var(var).as_deref() == Ok("1")
}

// ---------------------------------------------------------------------------------------------
// Nu Html Checker

/// The `java` command and `vnu.jar`, or None when missing and `KAISETSU_SKIP_VNU=1`.
fn vnu() -> Option<PathBuf> {
    const VAR: &str = "KAISETSU_SKIP_VNU";
    let missing = |why: String| -> Option<PathBuf> {
        if skipping(VAR) {
            skip_notice("the Nu Html Checker test", &why, VAR);
            return None;
        }
        panic!(
            "{why}.\nThe Nu Html Checker needs Java (`apt-get install -y default-jre-headless`) \
             and vnu.jar (`npm ci --prefix tools`); `bash .ci/run` installs both. Set {VAR}=1 to \
             skip this test."
        );
    };
    match Command::new("java").arg("-version").output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => return missing(format!("`java -version` failed: {}", stderr(&o))),
        Err(e) => return missing(format!("`java` could not be run ({e})")),
    }
    match env_or_repo(
        "KAISETSU_VNU_JAR",
        "tools/node_modules/vnu-jar/build/dist/vnu.jar",
    ) {
        Ok(p) => Some(p),
        Err(why) => missing(why),
    }
}

#[test]
fn every_page_of_the_bundled_site_passes_the_nu_html_checker() {
    let Some(jar) = vnu() else { return };
    let (_dir, out) = build_bundled(None);
    let pages = html_files(&out);
    assert!(pages.len() > 90, "only {} pages", pages.len());
    // A broken page checked in the same run, to show that errors are seen and parsed.
    let canary_dir = tempfile::tempdir().unwrap();
    let canary = canary_dir.path().join("canary.html");
    std::fs::write(
        &canary,
        "<!DOCTYPE html><html lang=en><head><title>x</title></head><body><p><div></p></body></html>",
    )
    .unwrap();
    let start = Instant::now();
    let o = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .args(&pages)
        .arg(&canary)
        .output()
        .expect("run java");
    let text =
        String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout);
    let json_text = text
        .lines()
        .find(|l| l.trim_start().starts_with("{\""))
        .unwrap_or_else(|| panic!("no JSON report from vnu (exit {:?}):\n{text}", o.status));
    let report: Value = serde_json::from_str(json_text).expect("vnu JSON");
    let messages = report["messages"].as_array().expect("messages");
    let is_canary = |m: &&Value| {
        m["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/canary.html"))
    };
    assert!(
        messages
            .iter()
            .filter(is_canary)
            .any(|m| m["type"] == "error"),
        "vnu reported no error on a broken page: {json_text}"
    );
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| m["type"] != "info" && !is_canary(m))
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("?");
            let file = url
                .strip_prefix("file:")
                .and_then(|p| Path::new(p).strip_prefix(&out).ok())
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| url.to_string());
            format!(
                "{file}:{}.{}: {}: {}\n    {}",
                m["lastLine"],
                m["firstColumn"],
                m["type"].as_str().unwrap_or("?"),
                m["message"].as_str().unwrap_or("?"),
                m["extract"].as_str().unwrap_or("").replace('\n', " ")
            )
        })
        .collect();
    say(&format!(
        "vnu {}: {} pages checked in {:.1} s, {} error(s)",
        report["version"].as_str().unwrap_or("?"),
        pages.len(),
        start.elapsed().as_secs_f64(),
        errors.len()
    ));
    assert!(
        errors.is_empty(),
        "the Nu Html Checker found {} error(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(
        o.status.code() == Some(1),
        "vnu should exit 1 (for the broken canary page only), not {:?}:\n{text}",
        o.status
    );
}

// ---------------------------------------------------------------------------------------------
// Links

fn sitemap_locs(out: &Path) -> Vec<String> {
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
    xml.split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().trim().to_string())
        .collect()
}

fn assert_links_ok(out: &Path, base_url: &str, base_path: &str) {
    let report = check_links(out, base_path);
    say(&format!(
        "links ({base_url}): {} pages, {} reached from the home page, {} broken, {} outside the base",
        report.pages.len(),
        report.reached.len(),
        report.broken.len(),
        report.outside_base.len()
    ));
    assert!(report.broken.is_empty(), "broken: {:#?}", report.broken);
    assert!(
        report.outside_base.is_empty(),
        "outside {base_path}: {:#?}",
        report.outside_base
    );
    let unreached: Vec<_> = report
        .pages
        .difference(&report.reached)
        .filter(|p| *p != "404.html")
        .collect();
    assert!(unreached.is_empty(), "unreachable: {unreached:?}");
    let locs = sitemap_locs(out);
    assert!(locs.len() > 90, "{} sitemap entries", locs.len());
    let bad: Vec<_> = locs
        .iter()
        .filter(|l| {
            let Some(rest) = l.strip_prefix(base_url) else {
                return true;
            };
            let rest = rest.split('#').next().unwrap();
            let file = if rest.is_empty() || rest.ends_with('/') {
                format!("{rest}index.html")
            } else {
                rest.to_string()
            };
            !out.join(file).is_file()
        })
        .collect();
    assert!(bad.is_empty(), "sitemap entries with no page: {bad:#?}");
}

#[test]
fn the_bundled_site_has_no_broken_link_at_the_root_or_under_a_sub_path() {
    let (_a, out) = build_bundled(None);
    assert_links_ok(&out, "/", "/");
    let (_b, out) = build_bundled(Some("https://example.org/kaisetsu/"));
    assert_links_ok(&out, "https://example.org/kaisetsu/", "/kaisetsu/");
}

// ---------------------------------------------------------------------------------------------
// A tiny static file server for the built output (what a static host does).

struct StaticServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn answer(root: &Path, mut stream: TcpStream) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let target = request.split(' ').nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let rel = path.trim_start_matches('/');
    let safe = !rel.split('/').any(|c| c == ".." || c.contains('%'));
    let mut file = root.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, file) = if safe && file.is_file() {
        ("200 OK", file)
    } else {
        ("404 Not Found", root.join("404.html"))
    };
    let body = std::fs::read(&file).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

impl StaticServer {
    fn start(root: PathBuf) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(s) = conn {
                    let root = root.clone();
                    std::thread::spawn(move || answer(&root, s));
                }
            }
        });
        StaticServer {
            addr,
            stop,
            thread: Some(thread),
        }
    }
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[test]
fn the_static_test_server_serves_pages_and_404s() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/index.html"), "<p>a</p>").unwrap();
    std::fs::write(dir.path().join("404.html"), "gone").unwrap();
    let server = StaticServer::start(dir.path().to_path_buf());
    let get = |path: &str| {
        let mut s = TcpStream::connect(server.addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut r = String::new();
        s.read_to_string(&mut r).unwrap();
        r
    };
    let a = get("/a/");
    assert!(
        a.starts_with("HTTP/1.1 200") && a.ends_with("<p>a</p>"),
        "{a}"
    );
    let b = get("/../etc/passwd");
    assert!(b.starts_with("HTTP/1.1 404") && b.ends_with("gone"), "{b}");
}

// ---------------------------------------------------------------------------------------------
// axe-core in headless Chromium

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const WAIT: Duration = Duration::from_secs(20);

fn chromium_binary() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

/// A chromedriver process and one browser session (as in `serve_browser.rs`); both end on drop.
struct Browser {
    driver: Child,
    base: String,
    session: Option<String>,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch() -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .build();
        let mut b = Browser {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            session: None,
            agent,
            _profile: tempfile::tempdir().unwrap(),
        };
        let start = Instant::now();
        while b.agent.get(&format!("{}/status", b.base)).call().is_err() {
            assert!(start.elapsed() < WAIT, "chromedriver did not come up");
            std::thread::sleep(Duration::from_millis(50));
        }
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--no-first-run".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", b._profile.path().display()),
        ];
        let mut opts = json!({ "args": args });
        if let Some(bin) = chromium_binary() {
            opts["binary"] = json!(bin);
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": { "script": 60000, "pageLoad": 30000 },
            "goog:chromeOptions": opts,
        }}});
        let v = b.post("/session", caps);
        b.session = Some(
            v["value"]["sessionId"]
                .as_str()
                .unwrap_or_else(|| panic!("no session: {v}"))
                .to_string(),
        );
        b
    }

    fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        match self
            .agent
            .post(&url)
            .set("Content-Type", "application/json")
            .send_string(&body.to_string())
        {
            Ok(r) => serde_json::from_str(&r.into_string().unwrap()).unwrap(),
            Err(ureq::Error::Status(code, r)) => panic!(
                "POST {path}: {code} {}",
                r.into_string().unwrap_or_default()
            ),
            Err(e) => panic!("POST {path}: {e}"),
        }
    }

    fn session_path(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session.as_deref().unwrap())
    }

    fn goto(&self, url: &str) {
        self.post(&self.session_path("/url"), json!({ "url": url }));
    }

    fn js(&self, script: &str, args: Value) -> Value {
        self.post(
            &self.session_path("/execute/sync"),
            json!({ "script": script, "args": args }),
        )["value"]
            .clone()
    }

    fn js_async(&self, script: &str) -> Value {
        self.post(
            &self.session_path("/execute/async"),
            json!({ "script": script, "args": [] }),
        )["value"]
            .clone()
    }

    /// A Chrome DevTools Protocol command, through chromedriver.
    fn cdp(&self, cmd: &str, params: Value) {
        self.post(
            &self.session_path("/goog/cdp/execute"),
            json!({ "cmd": cmd, "params": params }),
        );
    }

    fn set_window(&self, width: u32, height: u32) {
        self.post(
            &self.session_path("/window/rect"),
            json!({ "width": width, "height": height }),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(s) = self.session.take() {
            let _ = self
                .agent
                .delete(&format!("{}/session/{s}", self.base))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// axe.min.js, or None when something the browser test needs is missing and
/// `KAISETSU_SKIP_BROWSER=1`.
fn browser_tools() -> Option<String> {
    const VAR: &str = "KAISETSU_SKIP_BROWSER";
    let mut missing = Vec::new();
    if !Path::new(CHROMEDRIVER).exists() {
        missing.push(format!(
            "{CHROMEDRIVER} is missing (`apt-get install -y chromium chromium-driver`)"
        ));
    }
    if chromium_binary().is_none() {
        missing.push("chromium is missing (`apt-get install -y chromium`)".to_string());
    }
    let axe = env_or_repo("KAISETSU_AXE_JS", "tools/node_modules/axe-core/axe.min.js");
    if let Err(why) = &axe {
        missing.push(why.clone());
    }
    if missing.is_empty() {
        return Some(std::fs::read_to_string(axe.unwrap()).expect("read axe.min.js"));
    }
    let why = missing.join("; ");
    if skipping(VAR) {
        skip_notice("the axe-core accessibility test", &why, VAR);
        return None;
    }
    panic!("{why}.\n`bash .ci/run` installs everything; set {VAR}=1 to skip this test.");
}

/// The pages the issue names.
const AXE_PAGES: [&str; 5] = [
    "/",
    "/explainers/patriot-transfer/",
    "/glossary/patriot/",
    "/glossary/",
    "/timeline/",
];

/// One violation, summarised.
fn describe(v: &Value) -> String {
    let nodes = v["nodes"].as_array().map(Vec::as_slice).unwrap_or_default();
    let mut s = format!(
        "[{}] {}: {} ({} node(s))",
        v["impact"].as_str().unwrap_or("?"),
        v["id"].as_str().unwrap_or("?"),
        v["help"].as_str().unwrap_or("?"),
        nodes.len()
    );
    for n in nodes.iter().take(5) {
        s.push_str(&format!(
            "\n      {} {}",
            n["target"],
            n["failureSummary"]
                .as_str()
                .unwrap_or("")
                .replace('\n', " ")
        ));
    }
    s
}

/// Injects axe-core into the current page and runs it; returns
/// `{violations, passes (count), version}`.
fn run_axe(browser: &Browser, axe_js: &str, page: &str) -> Value {
    browser.js(axe_js, json!([]));
    assert_eq!(
        browser.js("return typeof axe", json!([])),
        json!("object"),
        "{page}: axe-core was not injected"
    );
    let result = browser.js_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document)
           .then(r => done({ violations: r.violations, passes: r.passes.length,
                             incomplete: r.incomplete.map(i => i.id + ' on ' +
                               i.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ') +
                               (i.nodes.length > 3 ? ` and ${i.nodes.length - 3} more` : '') +
                               ' (' + ((i.nodes[0] || {}).any || []).map(c => c.message).slice(0, 1).join('') + ')'),
                             version: r.testEngine.version }))
           .catch(e => done({ error: String(e) }));",
    );
    assert!(result["error"].is_null(), "{page}: axe failed: {result}");
    assert!(result["violations"].is_array(), "{page}: {result}");
    result
}

#[test]
fn axe_finds_no_serious_or_critical_violation_on_the_key_pages() {
    let Some(axe_js) = browser_tools() else {
        return;
    };
    let (_dir, out) = build_bundled(None);
    for p in AXE_PAGES {
        let file = out.join(p.trim_start_matches('/')).join("index.html");
        assert!(file.is_file(), "{p} was not built");
    }
    // A page with known violations, to show that the harness sees them.
    std::fs::write(
        out.join("axe-canary.html"),
        "<!DOCTYPE html><html><head><title>canary</title></head><body><main>\
         <img src=\"missing.png\"><button></button></main></body></html>",
    )
    .unwrap();
    let server = StaticServer::start(out);
    let browser = Browser::launch();
    browser.goto(&server.url("/axe-canary.html"));
    let canary = run_axe(&browser, &axe_js, "/axe-canary.html");
    let ids: Vec<_> = canary["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        ids.contains(&"image-alt".to_string()) && ids.contains(&"button-name".to_string()),
        "axe missed the canary's violations: {ids:?}"
    );
    let mut serious = Vec::new();
    let mut summary = Vec::new();
    let mut runs = 0;
    for (mode, scheme, width) in [
        ("light, 1280 px", "light", 1280),
        ("dark, 1280 px", "dark", 1280),
        ("light, 390 px", "light", 390),
    ] {
        browser.set_window(width, 900);
        browser.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
        for page in AXE_PAGES {
            browser.goto(&server.url(page));
            let dark = browser.js(
                "return matchMedia('(prefers-color-scheme: dark)').matches",
                json!([]),
            );
            assert_eq!(dark, json!(scheme == "dark"), "{page}: colour scheme");
            let inner = browser.js("return window.innerWidth", json!([]));
            let inner = inner.as_u64().unwrap_or(0);
            assert!(
                inner <= u64::from(width) && inner + 100 >= u64::from(width),
                "{page}: window.innerWidth {inner}, wanted about {width}"
            );
            let result = run_axe(&browser, &axe_js, page);
            runs += 1;
            let violations = result["violations"].as_array().expect("violations").clone();
            let mut by_impact = std::collections::BTreeMap::<String, usize>::new();
            for v in &violations {
                *by_impact
                    .entry(v["impact"].as_str().unwrap_or("none").to_string())
                    .or_default() += 1;
                if matches!(v["impact"].as_str(), Some("serious" | "critical")) {
                    serious.push(format!("{page} ({mode}): {}", describe(v)));
                } else {
                    summary.push(format!("{page} ({mode}): {}", describe(v)));
                }
            }
            eprintln!(
                "axe {} {page} ({mode}, innerWidth {inner}): {} rule(s) passed, \
                 {} violation(s) {by_impact:?}, to review by hand: {}",
                result["version"].as_str().unwrap_or("?"),
                result["passes"],
                violations.len(),
                result["incomplete"]
            );
        }
    }
    assert_eq!(runs, AXE_PAGES.len() * 3);
    say(&format!(
        "axe: {runs} runs ({} pages × light, dark, 390 px): {} serious or critical, {} minor or \
         moderate violation(s)",
        AXE_PAGES.len(),
        serious.len(),
        summary.len()
    ));
    if !summary.is_empty() {
        say(&format!(
            "minor and moderate violations (not failing):\n{}",
            summary.join("\n")
        ));
    }
    assert!(
        serious.is_empty(),
        "axe found {} serious or critical violation(s):\n{}",
        serious.len(),
        serious.join("\n")
    );
}
