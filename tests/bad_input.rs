//! The bad-input corpus (issue 7): each case is a small site broken in one way. Every case
//! asserts the exit code, the message (with file:line:col where there is a place to point at),
//! no panic, no hang, and that the sources and the previous output are untouched.
//!
//! Every message is also an insta snapshot of the exact stderr (`tests/snapshots/`, temporary
//! paths replaced by `[ROOT]`), so a change of wording is a reviewed diff: run the tests with
//! `INSTA_UPDATE=always` (or `cargo insta review`) and commit the changed `.snap` files.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "bad_input/cases.rs"]
mod cases;

use cases::{BASE, CASES};

/// Runs the binary with a deadline: a hang is a failure, not a stuck test.
fn run_bounded(root: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaisetsu"))
        .args(args)
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code(), err);
        }
        if start.elapsed() > Duration::from_secs(30) {
            child.kill().ok();
            panic!("kaisetsu {args:?} hung for 30 s in {}", root.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `stderr` with the site root replaced by `[ROOT]` and its parent by `[ROOT]/..`, so a
/// snapshot does not name a temporary folder.
fn redact(stderr: &str, root: &Path) -> String {
    let mut out = stderr.to_string();
    let parent = root.parent().filter(|p| p.parent().is_some());
    for (path, placeholder) in [(Some(root), "[ROOT]"), (parent, "[ROOT]/..")] {
        let Some(path) = path else { continue };
        if let Ok(canonical) = path.canonicalize() {
            out = out.replace(&canonical.display().to_string(), placeholder);
        }
        out = out.replace(&path.display().to_string(), placeholder);
    }
    out
}

/// A snapshot name from a case name: `unknown front-matter key` → `unknown_front_matter_key`.
fn snapshot_name(case: &str) -> String {
    case.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn previous_output(t: &SiteTest) {
    t.write(
        "public/index.html",
        "<!doctype html><title>previous</title>",
    );
    t.write("public/sitemap.xml", "<urlset/>");
}

#[test]
fn every_bad_input_gets_a_clear_error_and_touches_nothing() {
    assert!(CASES.len() >= 25);
    let mut failures = Vec::new();
    let mut messages = Vec::new();
    for case in CASES {
        let t = SiteTest::from_files(BASE);
        for (p, text) in case.files {
            t.write(p, text);
        }
        previous_output(&t);
        let before = snapshot(t.root());
        let (code, err) = run_bounded(t.root(), case.args);
        let mut problems = Vec::new();
        if code != Some(case.code) {
            problems.push(format!("exit code {code:?}, expected {}", case.code));
        }
        if err.contains("panicked") {
            problems.push("panicked".into());
        }
        for e in case.expect {
            if !err.contains(e) {
                problems.push(format!("missing {e:?}"));
            }
        }
        if before != snapshot(t.root()) {
            problems.push("the sources or the previous output changed".into());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n--- stderr:\n{err}",
                case.name,
                problems.join("; ")
            ));
        }
        messages.push((case.name, redact(&err, t.root())));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
    for (name, stderr) in messages {
        insta::assert_snapshot!(snapshot_name(name), stderr);
    }
}

#[test]
fn a_site_without_a_title_or_a_home_page_is_told_to_add_one() {
    // Before, the made-up home page's missing title was reported at content/_index.md:1:1, a
    // file that does not exist.
    let t = SiteTest::from_files(&[
        ("config.toml", "base_url = \"/\"\n"),
        ("content/a.md", "+++\ntitle = \"A\"\n+++\n"),
    ]);
    previous_output(&t);
    let before = snapshot(t.root());
    let (code, err) = run_bounded(t.root(), &["build"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("config.toml: error: the home page has no title: config.toml sets no `title`"),
        "{err}"
    );
    assert!(!err.contains("content/_index.md:1:1"), "{err}");
    assert_eq!(before, snapshot(t.root()));
    t.write("config.toml", "title = \"Site\"\nbase_url = \"/\"\n");
    let (code, err) = run_bounded(t.root(), &["build"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_long_line_in_a_shell_block_does_not_stall_the_build() {
    // Found by a random-site fuzzer: Oniguruma's unbounded backtracking on this line under
    // syntect's `sh` grammar grew with about the cube of its length (3,000 bytes: over 25 s).
    // The limit on a search's backtracking makes it a few milliseconds; the deadline of
    // `run_bounded` (30 s) catches a stall.
    let line = format!("{} =", "x".repeat(4000));
    let page = format!("+++\ntitle = \"A\"\n+++\n```sh\n{line}\n```\n");
    let t = SiteTest::from_files(BASE);
    t.write("content/a.md", &page);
    let (code, err) = run_bounded(t.root(), &["build"]);
    assert_eq!(code, Some(0), "{err}");
    let html = std::fs::read_to_string(t.root().join("public/a/index.html")).unwrap();
    let pre = html
        .find("data-lang=\"sh\"")
        .expect("the block is highlighted as sh");
    assert!(
        html[pre..].contains(&"x".repeat(4000)),
        "the line is kept whole"
    );
}

#[test]
fn invalid_utf8_is_reported_at_the_first_bad_byte() {
    let t = SiteTest::from_files(BASE);
    std::fs::write(
        t.root().join("content/a.md"),
        b"+++\ntitle = \"A\"\n+++\n\nok \xff\xfe bad\n",
    )
    .unwrap();
    previous_output(&t);
    let before = snapshot(t.root());
    let (code, err) = run_bounded(t.root(), &["build"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/a.md:5:4: error: file is not valid UTF-8"),
        "{err}"
    );
    assert_eq!(before, snapshot(t.root()));
    insta::assert_snapshot!("invalid_utf8", redact(&err, t.root()));
}

#[test]
fn missing_config_is_an_error_naming_the_file() {
    let t = SiteTest::from_files(&BASE[1..]);
    let (code, err) = run_bounded(t.root(), &["build"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("config.toml: error: cannot read config.toml"),
        "{err}"
    );
    assert!(!t.public().exists());
    insta::assert_snapshot!("missing_config", redact(&err, t.root()));
    let empty = tempfile::tempdir().unwrap();
    let (code, err) = run_bounded(empty.path(), &["build"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("is not a kaisetsu site"), "{err}");
    insta::assert_snapshot!("not_a_site", redact(&err, empty.path()));
}

#[test]
fn bom_crlf_and_non_ascii_file_names_build() {
    let t = SiteTest::from_files(BASE);
    t.write(
        "content/crlf.md",
        "\u{feff}+++\r\ntitle = \"CRLF\"\r\n+++\r\n\r\nWindows line.\r\n",
    );
    t.write(
        "content/ノート.md",
        "+++\ntitle = \"ノート\"\n+++\n\n日本語のページ。自衛隊。\n",
    );
    let (code, err) = run_bounded(t.root(), &["build"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(t.read("crlf/index.html").contains("Windows line."));
    let page = t.read("ノート/index.html");
    assert!(page.contains("日本語のページ。"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_content_is_reported_not_followed_forever() {
    let t = SiteTest::from_files(BASE);
    std::fs::create_dir_all(t.root().join("content/loop")).unwrap();
    std::os::unix::fs::symlink("..", t.root().join("content/loop/back")).unwrap();
    previous_output(&t);
    let before = snapshot(t.root().join("public").as_path());
    let (code, err) = run_bounded(t.root(), &["build"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/loop/back: error: symbolic link loop"),
        "{err}"
    );
    insta::assert_snapshot!("symlink_loop", redact(&err, t.root()));
    assert_eq!(before, snapshot(t.root().join("public").as_path()));
}

#[test]
fn deep_folders_and_a_one_megabyte_line_build() {
    let t = SiteTest::from_files(BASE);
    let deep: String = (0..110).map(|i| format!("d{i}/")).collect();
    t.write(
        &format!("content/{deep}page.md"),
        "+++\ntitle = \"Deep\"\n+++\n\nDeep down the SDF.\n",
    );
    let line: String = "word SDF ".repeat(1024 * 1024 / 9);
    t.write(
        "content/long.md",
        &format!("+++\ntitle = \"Long\"\n+++\n\n{line}\n"),
    );
    let (code, err) = run_bounded(t.root(), &["build"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(t.public().join(format!("{deep}page/index.html")).is_file());
    assert!(t.read("long/index.html").len() > 1024 * 1024);
}
