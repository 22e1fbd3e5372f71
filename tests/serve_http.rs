//! `kaisetsu serve` over real HTTP (issue 5): live edits, the error overlay, path safety,
//! Content-Type, redirects, 404, SSE notices, a served site equal to a clean build after a
//! series of editor-like saves, a busy port and Ctrl-C. Every wait is bounded.

mod common;

use common::served::{stamp, unstamp, Sse};
use common::{edit, served_clean_build, SiteTest};
use kaisetsu::serve::{start, Running, ServeOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);

fn serve(site: &SiteTest) -> Running {
    let mut opts = ServeOptions::new(site.dir.path());
    opts.port = 0;
    opts.quiet = true;
    start(&opts).expect("the server starts")
}

struct Reply {
    status: u16,
    content_type: String,
    location: Option<String>,
    body: String,
}

fn get(server: &Running, path: &str) -> Reply {
    let agent = ureq::AgentBuilder::new()
        .redirects(0)
        .timeout(Duration::from_secs(5))
        .build();
    let url = format!("http://{}{path}", server.addr());
    let resp = match agent.get(&url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("GET {url}: {e}"),
    };
    Reply {
        status: resp.status(),
        content_type: resp.content_type().to_string(),
        location: resp.header("location").map(str::to_string),
        body: resp.into_string().unwrap_or_default(),
    }
}

/// Sends `path` byte for byte (no client-side normalisation); returns status and body.
fn raw_get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < WAIT {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out after {WAIT:?} waiting for {what}");
}

/// Edits the fixture's first note and waits until the server serves the new text.
fn edit_first_note_and_wait(site: &SiteTest, server: &Running) {
    edit(
        site.dir.path(),
        "content/notes/one.md",
        "first note",
        "edited note",
    );
    wait_until("the edited page", || {
        get(server, "/notes/one/").body.contains("The edited note")
    });
}

#[test]
fn edit_shows_new_html() {
    let site = SiteTest::from_fixture("serve/basic");
    let server = serve(&site);
    let first = get(&server, "/notes/one/");
    assert_eq!(first.status, 200);
    assert!(first.body.contains("The first note"));
    assert!(first.body.contains("/__kaisetsu/events"), "client injected");
    edit_first_note_and_wait(&site, &server);
    assert!(
        !site.dir.path().join("public").exists(),
        "serve never writes public/"
    );
}

#[test]
fn a_page_served_just_before_a_rebuild_learns_of_it_when_its_stream_connects() {
    let site = SiteTest::from_fixture("serve/basic");
    let server = serve(&site);
    let before = stamp(&get(&server, "/notes/one/").body);
    // The stream connects only after the rebuild: no reload event can reach this page.
    edit_first_note_and_wait(&site, &server);
    let sse = Sse::connect(server.addr());
    let now: u64 = sse.hello.parse().expect("hello carries the build number");
    assert!(
        now > before,
        "hello says build {now}, the page was built at {before}"
    );
    assert_eq!(stamp(&get(&server, "/notes/one/").body), now);
}

#[test]
fn broken_file_shows_overlay_and_last_good_page_until_fixed() {
    let site = SiteTest::from_fixture("serve/basic");
    let server = serve(&site);
    let mut sse = Sse::connect(server.addr());
    let root = site.dir.path();
    edit(
        root,
        "content/notes/one.md",
        "title = \"Note one\"",
        "title = = \"Note one\"",
    );
    let (name, data) = sse.next_event().expect("a notice after the broken save");
    assert_eq!(name, "build-error", "{data}");
    assert!(data.contains("content/notes/one.md"), "{data}");
    assert!(data.contains("\"line\":2"), "{data}");
    for path in ["/notes/one/", "/", "/glossary/widget-rule/", "/missing/"] {
        let page = get(&server, path);
        assert!(page.body.contains("<div id=\"kaisetsu-overlay\""), "{path}");
        assert!(page.body.contains("content/notes/one.md:2:9"), "{path}");
        assert!(
            page.body.contains("title = = &quot;Note one&quot;"),
            "{path}"
        );
    }
    let last_good = get(&server, "/notes/one/");
    assert_eq!(last_good.status, 200);
    assert!(last_good.body.contains("The first note"), "last good page");
    assert!(!get(&server, "/style.css").body.contains("kaisetsu-overlay"));
    assert_eq!(server.errors().len(), 1);

    edit(
        root,
        "content/notes/one.md",
        "title = = \"Note one\"",
        "title = \"Note one\"",
    );
    let (name, data) = sse.next_event().expect("a notice after the fix");
    assert_eq!((name.as_str(), data.as_str()), ("reload", "[\"*\"]"));
    let page = get(&server, "/notes/one/");
    assert!(!page.body.contains("<div id=\"kaisetsu-overlay\""));
    assert!(server.errors().is_empty());
}

#[test]
fn first_build_failure_still_serves_the_overlay() {
    let site = SiteTest::from_fixture("serve/basic");
    edit(
        site.dir.path(),
        "content/notes/two.md",
        "weight = 2",
        "weight = \"two\"",
    );
    let server = serve(&site);
    let page = get(&server, "/");
    assert_eq!(page.status, 404);
    assert!(
        page.body.contains("content/notes/two.md:3"),
        "{}",
        page.body
    );
    edit(
        site.dir.path(),
        "content/notes/two.md",
        "weight = \"two\"",
        "weight = 2",
    );
    wait_until("the fixed site", || get(&server, "/").status == 200);
    assert!(!get(&server, "/")
        .body
        .contains("<div id=\"kaisetsu-overlay\""));
}

#[test]
fn traversal_is_refused_in_every_encoding() {
    let site = SiteTest::from_fixture("serve/basic");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc", site.dir.path().join("etc-link")).unwrap();
    let server = serve(&site);
    for path in [
        "/../../../../etc/passwd",
        "/notes/../../config.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/..%5c..%5cconfig.toml",
        "/.%2e/config.toml",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/%c0%ae%c0%ae/etc/passwd",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc-link/passwd",
        "/config.toml",
        "/content/notes/one.md",
        "/C:/Windows/win.ini",
        "/notes/one/index.html%00.txt",
    ] {
        let (status, body) = raw_get(server.addr(), path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("root:"), "{path} leaked /etc/passwd");
        assert!(!body.contains("Serve fixture\"\n"), "{path} leaked config");
        assert!(
            !body.contains("title = \"Note one\""),
            "{path} leaked a source"
        );
    }
}

#[test]
fn content_types_redirects_and_not_found() {
    let site = SiteTest::from_fixture("serve/basic");
    let server = serve(&site);
    for (path, ct) in [
        ("/", "text/html"),
        ("/notes/one/", "text/html"),
        ("/style.css", "text/css"),
        ("/extra.css", "text/css"),
        ("/kaisetsu.js", "text/javascript"),
        ("/glossary.json", "application/json"),
        ("/sitemap.xml", "application/xml"),
        ("/hello.txt", "text/plain"),
    ] {
        let r = get(&server, path);
        assert_eq!((path, r.status), (path, 200));
        assert_eq!((path, r.content_type.as_str()), (path, ct));
    }
    let r = get(&server, "/notes?x=1");
    assert_eq!(r.status, 301);
    assert_eq!(r.location.as_deref(), Some("/notes/?x=1"));
    let r = get(&server, "/no/such/page/");
    assert_eq!(r.status, 404);
    assert_eq!(r.content_type, "text/html");
    let not_found = String::from_utf8(server.snapshot()["404.html"].clone()).unwrap();
    assert_eq!(
        unstamp(r.body.as_bytes()),
        not_found.as_bytes(),
        "the site's own 404.html"
    );
    let r = get(&server, "/notes/%6Fne/");
    assert_eq!(r.status, 200, "percent-encoded paths are decoded");
    assert!(r.body.contains("The first note"));
    let (status, _) = raw_get(server.addr(), "/notes/one/");
    assert_eq!(status, 200);
}

#[test]
fn sse_sends_css_for_stylesheets_and_reload_with_changed_pages() {
    let site = SiteTest::from_fixture("serve/basic");
    let server = serve(&site);
    let mut sse = Sse::connect(server.addr());
    std::fs::write(
        site.dir.path().join("static/extra.css"),
        "body{color:red}\n",
    )
    .unwrap();
    let (name, data) = sse.next_event().unwrap();
    assert_eq!((name.as_str(), data.as_str()), ("css", "[\"extra.css\"]"));
    edit(
        site.dir.path(),
        "content/notes/two.md",
        "second note",
        "2nd note",
    );
    let (name, data) = sse.next_event().unwrap();
    assert_eq!(name, "reload");
    assert!(data.contains("\"notes/two/index.html\""), "{data}");
    assert!(!data.contains("\"glossary/index.html\""), "{data}");
}

/// Saves the way editors do: vim (backup rename + 4913 probe + swap file), atomic
/// write-then-rename, bursts of saves, deletion, a new folder, a rename; then the served site
/// must equal a clean full build.
#[test]
fn served_site_equals_clean_build_after_editor_saves() {
    let site = SiteTest::from_fixture("serve/basic");
    let root = site.dir.path().to_path_buf();
    let server = serve(&site);
    let notes = root.join("content/notes");
    // vim: swap file, 4913 probe, move the original to a backup, write anew, remove the backup.
    std::fs::write(notes.join(".one.md.swp"), "swap").unwrap();
    std::fs::write(notes.join("4913"), "").unwrap();
    std::fs::remove_file(notes.join("4913")).unwrap();
    let one = std::fs::read_to_string(notes.join("one.md")).unwrap();
    std::fs::rename(notes.join("one.md"), notes.join("one.md~")).unwrap();
    std::fs::write(
        notes.join("one.md"),
        one.replace("Widget Rule", "Widget Rule, again,"),
    )
    .unwrap();
    std::fs::remove_file(notes.join("one.md~")).unwrap();
    std::fs::remove_file(notes.join(".one.md.swp")).unwrap();
    // An atomic save: write a temp file, rename it over the original.
    let two = std::fs::read_to_string(notes.join("two.md")).unwrap();
    std::fs::write(notes.join(".two.md.tmp"), two.replace("second", "atomic")).unwrap();
    std::fs::rename(notes.join(".two.md.tmp"), notes.join("two.md")).unwrap();
    // A burst of saves.
    for i in 0..10 {
        let body = format!("+++\ntitle = \"Burst\"\nweight = 5\n+++\n\nSave number {i}.\n");
        std::fs::write(notes.join("burst.md"), body).unwrap();
        std::thread::sleep(Duration::from_millis(3));
    }
    // A new folder with a page, then a glossary edit that changes backlinks.
    std::fs::create_dir_all(root.join("content/more/deep")).unwrap();
    std::fs::write(
        root.join("content/more/deep/three.md"),
        "+++\ntitle = \"Three\"\n+++\n\nAlso about the Widget Rule.\n",
    )
    .unwrap();
    edit(
        &root,
        "content/glossary/widget-rule.md",
        "governs widgets",
        "governs all widgets",
    );
    std::thread::sleep(Duration::from_millis(100));
    // A rename and a deletion.
    std::fs::rename(notes.join("burst.md"), notes.join("renamed.md")).unwrap();
    std::fs::remove_file(notes.join("two.md")).unwrap();
    edit(
        &root,
        "content/_index.md",
        " or [the first note](@/notes/one.md)",
        "",
    );
    std::fs::write(root.join("static/extra.css"), "p{margin:0}\n").unwrap();
    // A site template override appears, then changes (the parsed templates must not be reused).
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    let with_marker = |m: &str| base.replacen("</body>", &format!("<!-- {m} --></body>"), 1);
    std::fs::write(
        root.join("templates/base.html"),
        with_marker("override one"),
    )
    .unwrap();
    wait_until("the template override", || {
        get(&server, "/").body.contains("<!-- override one -->")
    });
    edit(&root, "content/notes/one.md", "at length", "at some length");
    std::thread::sleep(Duration::from_millis(100));
    std::fs::write(
        root.join("templates/base.html"),
        with_marker("override two"),
    )
    .unwrap();

    let mut last = None;
    let start = Instant::now();
    while start.elapsed() < WAIT {
        let served = server.snapshot();
        let clean = served_clean_build(&server, &root);
        if served == clean && server.errors().is_empty() {
            assert!(served.contains_key("notes/renamed/index.html"));
            assert!(served.contains_key("more/deep/three/index.html"));
            assert!(!served.contains_key("notes/two/index.html"));
            assert!(!served.contains_key("notes/burst/index.html"));
            let page = get(&server, "/notes/renamed/");
            assert!(page.body.contains("Save number 9."));
            assert!(page.body.contains("<!-- override two -->"));
            return;
        }
        last = Some((served, clean));
        std::thread::sleep(Duration::from_millis(50));
    }
    let (served, clean) = last.unwrap();
    let differ = common::differing(&served, &clean);
    panic!(
        "served site differs from a clean build in {differ:?}; errors: {:?}",
        server.errors()
    );
}

fn binary() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_kaisetsu"))
}

#[test]
fn busy_port_is_a_clear_error() {
    let site = SiteTest::from_fixture("serve/basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = binary()
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site.dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("port {port}")), "{err}");
    assert!(err.contains("--port"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "reported once: {err}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_within_a_second() {
    let site = SiteTest::from_fixture("serve/basic");
    let mut child = binary()
        .args(["serve", "--port", "0", "--root"])
        .arg(site.dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let start = Instant::now();
    while !line.contains("serving") && start.elapsed() < WAIT {
        line.clear();
        if err.read_line(&mut line).unwrap() == 0 {
            break;
        }
    }
    assert!(line.contains("serving"), "{line}");
    let url = line
        .split(" at ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    // An open event stream must not hold the shutdown up.
    let _sse = Sse::connect(addr);
    let sent = Instant::now();
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            assert!(s.success(), "{s:?}");
            break;
        }
        if sent.elapsed() > Duration::from_secs(1) {
            let _ = child.kill();
            panic!("still running 1 s after Ctrl-C");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!site.dir.path().join("public").exists());
}
