//! A build killed with SIGKILL (issue 7): `kaisetsu build` of a 3,000-page site into a folder
//! holding a previous build, killed at many points (early, and all through the writing and the
//! swap). The folder is afterwards byte for byte either the previous build or the complete new
//! one, never a mix, and the next successful build removes every temporary folder the kills
//! left beside it. Every wait has a deadline.

mod common;

use common::snapshot;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A line for the log even when the test passes.
fn say(msg: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{msg}");
}

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
