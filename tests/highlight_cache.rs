//! See: issue 17 ("Highlighting cost"). The persistent highlight cache under the site
//! (`.kaisetsu/cache/highlight/`): a second clean build takes highlighted code from it, turning
//! it off ignores it, and two builds of one site at once both succeed with the same output as a
//! build without the cache. (Bounds and torn entries: unit tests in
//! `src/markdown/highlight/cache.rs`.)

mod common;

use common::*;
use kaisetsu::BuildOptions;
use std::path::{Path, PathBuf};

fn opts(t: &SiteTest, out: &Path, cache: bool) -> BuildOptions {
    BuildOptions {
        root: t.root().to_path_buf(),
        output: Some(out.to_path_buf()),
        highlight_cache: cache,
        ..Default::default()
    }
}

/// Every file of the cache's version folders.
fn entries(t: &SiteTest) -> Vec<PathBuf> {
    let root = t.root().join(".kaisetsu/cache/highlight");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root).unwrap() {
        for e in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            out.push(e.unwrap().path());
        }
    }
    out
}

fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap()
}

#[test]
fn a_second_build_takes_highlighted_code_from_the_cache() {
    let t = SiteTest::from_fixture("basic");
    let out = t.root().join("out");
    kaisetsu::build(&opts(&t, &out, true)).expect("builds");
    let first = page(&out, "notes/one/index.html");
    let files = entries(&t);
    assert_eq!(files.len(), 1, "one highlighted block: {files:?}");
    // The entry repeats its code; give it other HTML to see that the next build reads it.
    let entry = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        entry.contains("println!(\"hi\");\n}\n<span class="),
        "{entry}"
    );
    std::fs::write(
        &files[0],
        entry.replace("<span class=", "<span data-cached class="),
    )
    .unwrap();
    kaisetsu::build(&opts(&t, &out, true)).expect("builds");
    let warm = page(&out, "notes/one/index.html");
    assert!(warm.contains("<span data-cached class="), "{warm}");
    kaisetsu::build(&opts(&t, &out, false)).expect("builds");
    assert_eq!(
        page(&out, "notes/one/index.html"),
        first,
        "without the cache"
    );
}

#[test]
fn two_builds_at_once_share_the_cache_and_match_a_build_without_it() {
    let t = SiteTest::from_fixture("basic");
    let langs = ["rust", "python", "js", "go", "c", "bash", "java", "ruby"];
    for i in 0..40 {
        let lang = langs[i % langs.len()];
        let body = format!(
            "+++\ntitle = \"Code {i}\"\n+++\n\nText.\n\n```{lang}\n// block {i}\nlet x{i} = \"v{i}\";\nfor y in z {{ call(y, {i}); }}\n```\n"
        );
        t.write(&format!("content/notes/code-{i}.md"), &body);
    }
    let plain = t.root().join("plain");
    kaisetsu::build(&opts(&t, &plain, false)).expect("builds");
    for round in ["cold", "warm"] {
        let outs = [t.root().join("a"), t.root().join("b")];
        std::thread::scope(|s| {
            for out in &outs {
                let o = opts(&t, out, true);
                s.spawn(move || kaisetsu::build(&o).expect("builds"));
            }
        });
        for out in &outs {
            for i in [0, 7, 39] {
                let rel = format!("notes/code-{i}/index.html");
                assert_eq!(page(out, &rel), page(&plain, &rel), "{round}: {rel}");
            }
        }
        assert_eq!(entries(&t).len(), 41, "{round}: 40 blocks and note one's");
    }
}
