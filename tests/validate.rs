//! Output validity and accessibility of the bundled site (issue 7).
//!
//! - Every HTML page passes the Nu Html Checker (`vnu.jar` from the npm package `vnu-jar`, run
//!   with the machine's Java, `--errors-only`) with 0 errors.
//! - An offline link check of the output (and of a build under a sub-path) finds 0 broken links,
//!   and every sitemap entry is a built page.
//! - (axe-core in headless Chromium is in `accessibility.rs`.)
//!
//! The tools: `npm ci --prefix tools` (vnu-jar, axe-core), Debian's `default-jre-headless`,
//! `chromium` and `chromium-driver`; `.ci/run` installs them. A missing tool fails its test with
//! a message saying how to install it, unless `KAISETSU_SKIP_VNU=1` (the vnu test) or
//! `KAISETSU_SKIP_BROWSER=1` (the axe test) is set. `KAISETSU_VNU_JAR` and `KAISETSU_AXE_JS`
//! point at other copies of `vnu.jar` and `axe.min.js`.

mod common;

use common::tools::{build_bundled, env_or_repo, say, skip_notice, skipping};

use common::{check_links, highlight_samples_site, paginated_site, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

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
    let code = highlight_samples_site();
    let mut pages = html_files(&out);
    pages.push(code.root().join("public/code/index.html"));
    assert!(pages.len() > 90, "only {} pages", pages.len());
    let japanese = pages
        .iter()
        .filter(|p| p.to_string_lossy().contains("/ja/"))
        .count();
    assert!(
        japanese > 90,
        "the Japanese edition is checked too ({japanese} pages)"
    );
    // Issue 17's pagers (a section's and a term's full "Mentioned in" list), in the same run.
    let pagers = paginated_site("/", 12, Some(5), 120);
    pagers.build_ok();
    let pager_pages: Vec<PathBuf> = [
        "posts/index.html",
        "posts/page/2/index.html",
        "glossary/widget/index.html",
        "glossary/widget/mentions/2/index.html",
        // Issue 20's taxonomy pages.
        "tags/index.html",
        "tags/odd/index.html",
        "tags/even/page/2/index.html",
        "posts/p001/index.html",
        "notes/n001/index.html",
    ]
    .iter()
    .map(|p| pagers.public().join(p))
    .collect();
    let note = std::fs::read_to_string(pagers.public().join("notes/n001/index.html")).unwrap();
    assert!(
        note.contains("class=\"heading-anchor\""),
        "headings link to themselves"
    );
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
        .args(&pager_pages)
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
                .and_then(|p| {
                    let p = Path::new(p);
                    p.strip_prefix(&out)
                        .or_else(|_| p.strip_prefix(pagers.public()))
                        .ok()
                })
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
        pages.len() + pager_pages.len(),
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
    let unreached = report.unreached();
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
