//! Helpers for tests that run outside tools (Nu Html Checker, axe-core in Chromium).

use super::webdriver::{chromium_binary, CHROMEDRIVER};
use super::{kaisetsu, repo, stderr};
use std::io::Write;
use std::path::PathBuf;

/// Builds the bundled site (the repository root) with the real binary into a fresh folder.
pub fn build_bundled(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
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

/// A line for the log even when the test passes (`eprintln!` output of a passing test is
/// swallowed by the harness).
pub fn say(msg: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{msg}");
}

/// Prints a loud banner for a skipped check.
pub fn skip_notice(what: &str, why: &str, var: &str) {
    // Straight to the process's stderr: the test harness would swallow `eprintln!` output of a
    // passing test.
    let bar = "!".repeat(72);
    let _ = writeln!(
        std::io::stderr().lock(),
        "\n{bar}\n!!! SKIPPED: {what}\n!!! because {why}, and {var}=1 is set\n{bar}\n"
    );
}

/// `Ok(path)` of a tool, or `Err(why it is missing)`.
pub fn env_or_repo(var: &str, rel: &str) -> Result<PathBuf, String> {
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

/// True when the environment variable `var` is `1`.
pub fn skipping(var: &str) -> bool {
    std::env::var(var).as_deref() == Ok("1")
}

/// axe.min.js, or None when something the browser test `test` needs (Chromium, chromedriver,
/// axe-core) is missing and `KAISETSU_SKIP_BROWSER=1`; without that variable, a panic saying
/// what is missing.
pub fn browser_tools(test: &str) -> Option<String> {
    const VAR: &str = "KAISETSU_SKIP_BROWSER";
    let mut missing = Vec::new();
    if !std::path::Path::new(CHROMEDRIVER).exists() {
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
        skip_notice(test, &why, VAR);
        return None;
    }
    panic!("{why}.\n`bash .ci/run` installs everything; set {VAR}=1 to skip this test.");
}
