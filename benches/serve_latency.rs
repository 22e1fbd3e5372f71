//! Save-to-reload latency of `kaisetsu serve` (issue 5): a one-word edit to a page, timed from
//! the write until the SSE "reload" notice naming that page, and until the new HTML is served.
//! Runs on the bundled site and on a generated 1,000-page site, both in a tmpfs folder under
//! /dev/shm (when it exists), ~20 edits each; prints median and p90.
//!
//! `cargo bench --bench serve_latency` (set `SERVE_LATENCY_EDITS=N` to change the count).
//! `SERVE_LATENCY_SITE=dir SERVE_LATENCY_PAGE=content/s03/p00312.md` times that site instead
//! (copied to the tmpfs first), e.g. the build bench's dense model kept with
//! `KAISETSU_BENCH_KEEP=1`.

use kaisetsu::serve::{start, ServeOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(20);

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn tmp() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    }
}

/// The bundled site (config, content, themes, static) and the page to edit.
fn bundled() -> (tempfile::TempDir, String) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tmp();
    for name in ["content", "themes", "static", "templates"] {
        if repo.join(name).is_dir() {
            copy_dir(&repo.join(name), &dir.path().join(name));
        }
    }
    std::fs::copy(repo.join("config.toml"), dir.path().join("config.toml")).unwrap();
    (dir, "content/about.md".into())
}

/// `sections` × 100 pages, plus 20 glossary terms that the pages mention.
fn generated(sections: usize) -> (tempfile::TempDir, String) {
    let dir = tmp();
    let root = dir.path();
    let write = |rel: &str, text: String| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "config.toml",
        "title = \"Generated\"\nbase_url = \"https://example.org/\"\n".into(),
    );
    write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\n\nHome.\n".into(),
    );
    write(
        "content/glossary/_index.md",
        "+++\ntitle = \"Glossary\"\n+++\n".into(),
    );
    for t in 0..20 {
        write(
            &format!("content/glossary/term-{t}.md"),
            format!(
                "+++\ntitle = \"Term number {t}\"\nsummary = \"Summary {t}.\"\n+++\n\nAbout term {t}.\n"
            ),
        );
    }
    for s in 0..sections {
        write(
            &format!("content/section-{s}/_index.md"),
            format!("+++\ntitle = \"Section {s}\"\n+++\n\nSection {s}.\n"),
        );
        for p in 0..100 {
            let mut body = String::new();
            for para in 0..8 {
                body.push_str(&format!(
                    "Paragraph {para} of page {p} mentions Term number {} and some *emphasis*, \
                     a [link](https://example.org/) and more words to make it a page.\n\n",
                    (p + para) % 20
                ));
            }
            write(
                &format!("content/section-{s}/page-{p}.md"),
                format!("+++\ntitle = \"Page {s}-{p}\"\nweight = {p}\n+++\n\n{body}"),
            );
        }
    }
    (dir, "content/section-3/page-42.md".into())
}

struct Sse(BufReader<TcpStream>);

impl Sse {
    fn connect(addr: SocketAddr) -> Sse {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "GET /__kaisetsu/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        s.set_read_timeout(Some(TIMEOUT)).unwrap();
        Sse(BufReader::new(s))
    }
    fn next_event(&mut self) -> (String, String) {
        let mut name = String::new();
        let mut line = String::new();
        loop {
            line.clear();
            let n = self
                .0
                .read_line(&mut line)
                .expect("an event before the timeout");
            assert!(n > 0, "event stream closed");
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.trim().into();
            } else if let Some(d) = line.strip_prefix("data: ") {
                return (std::mem::take(&mut name), d.trim().into());
            }
        }
    }
}

fn get(addr: SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn run(label: &str, (dir, page): (tempfile::TempDir, String), edits: usize) {
    let mut opts = ServeOptions::new(dir.path());
    opts.port = 0;
    opts.quiet = true;
    opts.timings = std::env::var_os("SERVE_LATENCY_TIMINGS").is_some();
    let t = Instant::now();
    let server = start(&opts).expect("server starts");
    let first_build = t.elapsed();
    assert!(server.errors().is_empty(), "{:?}", server.errors());
    let addr = server.addr();
    let slug = page
        .trim_start_matches("content/")
        .trim_end_matches(".md")
        .to_string();
    let out_path = format!("{slug}/index.html");
    let url = format!("/{slug}/");
    let mut sse = Sse::connect(addr);
    assert_eq!(sse.next_event().0, "hello");
    let src = dir.path().join(&page);
    let original = std::fs::read_to_string(&src).unwrap();
    let (mut to_event, mut to_html) = (Vec::new(), Vec::new());
    for i in 0..edits {
        let word = format!("Edited{i}word");
        // One new word at the end of the page (a paragraph of its own, so no Markdown breaks).
        let text = format!("{}\n\n{word}\n", original.trim_end());
        let start = Instant::now();
        std::fs::write(&src, text).unwrap();
        loop {
            let (name, data) = sse.next_event();
            if name == "reload" && data.contains(&format!("\"{out_path}\"")) {
                break;
            }
            assert!(start.elapsed() < TIMEOUT, "no reload for {out_path}");
        }
        to_event.push(start.elapsed().as_secs_f64() * 1000.0);
        while !get(addr, &url).contains(&word) {
            assert!(start.elapsed() < TIMEOUT, "new HTML never served");
        }
        to_html.push(start.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(150));
    }
    for v in [&mut to_event, &mut to_html] {
        v.sort_by(f64::total_cmp);
    }
    println!(
        "{label}: {} files, first build {:.0} ms; {edits} one-word edits of {page}:\n  \
         save → SSE reload: median {:.1} ms, p90 {:.1} ms\n  \
         save → new HTML served: median {:.1} ms, p90 {:.1} ms",
        server.snapshot().len(),
        first_build.as_secs_f64() * 1000.0,
        percentile(&to_event, 0.5),
        percentile(&to_event, 0.9),
        percentile(&to_html, 0.5),
        percentile(&to_html, 0.9),
    );
    server.shutdown();
}

fn main() {
    // `cargo test --benches` runs bench targets with no arguments other than `--bench`-less
    // flags; keep that quick by doing a couple of edits only.
    let quick = !std::env::args().any(|a| a == "--bench");
    let edits = std::env::var("SERVE_LATENCY_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if quick { 2 } else { 20 });
    if let Some(site) = std::env::var_os("SERVE_LATENCY_SITE") {
        let page = std::env::var("SERVE_LATENCY_PAGE").expect("SERVE_LATENCY_PAGE names the page");
        let dir = tmp();
        copy_dir(Path::new(&site), dir.path());
        run(
            &format!("{}", Path::new(&site).display()),
            (dir, page),
            edits,
        );
        return;
    }
    run("bundled site", bundled(), edits);
    run("generated 1,000-page site", generated(10), edits);
    if !quick {
        run("generated 10,000-page site", generated(100), edits.min(10));
    }
}
