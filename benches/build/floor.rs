//! The floor on this machine: what reading and rendering the Markdown with pulldown-cmark
//! alone costs, and what writing the same output bytes costs, with no site generator around.

use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

/// Every file under `dir` with the given extension (or every file), sorted.
pub(crate) fn files_under(dir: &Path, ext: Option<&str>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The options kaisetsu renders with.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

fn render_one(path: &Path) -> usize {
    let text = fs::read_to_string(path).expect("generated Markdown is readable UTF-8");
    // Skip the `+++` front matter, as a site generator would.
    let body = text
        .strip_prefix("+++")
        .and_then(|rest| rest.find("\n+++").map(|i| &rest[i + 4..]))
        .unwrap_or(&text);
    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(body, options()));
    out.len()
}

/// Reads and renders every file in `paths` on one thread; returns the HTML bytes.
pub(crate) fn render_serial(paths: &[PathBuf]) -> usize {
    paths.iter().map(|p| render_one(p)).sum()
}

/// Reads and renders every file in `paths` with rayon; returns the HTML bytes.
pub(crate) fn render_parallel(paths: &[PathBuf]) -> usize {
    paths.par_iter().map(|p| render_one(p)).sum()
}

/// A built site held in memory: relative path and contents of each file.
pub(crate) fn load_output(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_under(dir, None)
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).expect("built file is readable");
            (p.strip_prefix(dir).expect("under dir").to_path_buf(), bytes)
        })
        .collect()
}

/// Writes `files` under `dir` (creating folders) on one thread.
pub(crate) fn write_serial(dir: &Path, files: &[(PathBuf, Vec<u8>)]) {
    for (rel, bytes) in files {
        write_one(dir, rel, bytes);
    }
}

/// Writes `files` under `dir` with rayon.
pub(crate) fn write_parallel(dir: &Path, files: &[(PathBuf, Vec<u8>)]) {
    files
        .par_iter()
        .for_each(|(rel, bytes)| write_one(dir, rel, bytes));
}

fn write_one(dir: &Path, rel: &Path, bytes: &[u8]) {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).expect("create output folder");
    }
    fs::write(&p, bytes).expect("write output file");
}

/// What a build wrote under `out`: bytes, files, the largest file and the files over 512 KB
/// (issue 17: at most 250 MB at 10,000 dense posts, no file over 512 KB).
pub(crate) fn output_report(out: &Path) -> String {
    let files = files_under(out, None);
    let sizes: Vec<(u64, &PathBuf)> = files
        .iter()
        .map(|f| (std::fs::metadata(f).map_or(0, |m| m.len()), f))
        .collect();
    let total: u64 = sizes.iter().map(|s| s.0).sum();
    let over = sizes.iter().filter(|s| s.0 > 512 * 1024).count();
    let largest = sizes.iter().max_by_key(|s| s.0).map_or(String::new(), |l| {
        let name = l.1.strip_prefix(out).unwrap_or(l.1).display();
        format!("{:.1} MiB ({name})", l.0 as f64 / 1048576.0)
    });
    format!(
        "{:.1} MiB in {} files; largest {largest}; {over} file(s) over 512 KB",
        total as f64 / 1048576.0,
        files.len()
    )
}
