//! Highlighting cost (issue 17): loading syntect's syntaxes and themes, then highlighting the
//! samples of `tests/fixtures/highlight/` (13 languages), with kaisetsu's highlighter and with
//! syntect's `ClassedHTMLGenerator` as kaisetsu used it before (full scope stacks as classes),
//! on one thread. Prints the load times, throughput and output bytes of each. Then (issue 20)
//! the load time of two-face's syntaxes and the cost of the samples of
//! `tests/fixtures/highlight-extra/`, languages only two-face has.
//!
//! `cargo bench --bench highlight`; `KAISETSU_HL_ROUNDS=50` sets how many times the samples
//! are highlighted per measurement (default 20; the median of 5 measurements is printed).

use kaisetsu::markdown::highlight::{HighlightSettings, Highlighter};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The samples under `tests/fixtures/<dir>`: (extension, code).
fn samples(dir: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .expect("the samples")
        .map(|e| e.expect("an entry").path())
        .map(|p| {
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_string();
            (ext, std::fs::read_to_string(&p).expect("a sample"))
        })
        .collect();
    out.sort();
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The median over 5 measurements of `rounds` calls of `f`, and what the last call returned.
fn measure(rounds: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..5 {
        let start = Instant::now();
        for _ in 0..rounds {
            bytes = f();
        }
        times.push(start.elapsed() / rounds as u32);
    }
    (median(times), bytes)
}

/// The old way: syntect's classed HTML with the scope stack on every token.
fn classed(ss: &SyntaxSet, samples: &[(String, String)]) -> usize {
    let mut bytes = 0;
    for (ext, code) in samples {
        let syntax = ss.find_syntax_by_token(ext).expect("a syntax");
        let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
        let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, style);
        for line in LinesWithEndings::from(code) {
            gen.parse_html_for_line_which_includes_newline(line)
                .expect("parses");
        }
        bytes += gen.finalize().len();
    }
    bytes
}

fn main() {
    let rounds = std::env::var("KAISETSU_HL_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let samples = samples("highlight");
    let code_bytes: usize = samples.iter().map(|s| s.1.len()).sum();
    let start = Instant::now();
    let ss = SyntaxSet::load_defaults_newlines();
    let load = start.elapsed();
    let start = Instant::now();
    let _themes = syntect::highlighting::ThemeSet::load_defaults();
    let themes = start.elapsed();
    let start = Instant::now();
    let extra = two_face::syntax::extra_newlines();
    let extra_load = start.elapsed();
    let (cold, ours, ours_bytes) = passes(&samples, rounds);
    let (old, old_bytes) = measure(rounds, || classed(&ss, &samples));
    let mbs = |d: Duration| code_bytes as f64 / d.as_secs_f64() / 1e6;
    println!("syntect: load_defaults_newlines {load:.1?}, ThemeSet::load_defaults {themes:.1?}");
    println!(
        "two-face: extra_newlines {extra_load:.1?} ({} syntaxes, against {})",
        extra.syntaxes().len(),
        ss.syntaxes().len()
    );
    println!(
        "{} samples, {code_bytes} bytes of code; first pass (loads, compiles regexes) {cold:.1?}",
        samples.len()
    );
    println!(
        "kaisetsu (two themes, short classes): {ours:.2?} per pass, {:.1} MB/s, {ours_bytes} bytes ({:.2}×)",
        mbs(ours),
        ours_bytes as f64 / code_bytes as f64
    );
    println!(
        "syntect classed HTML (before):       {old:.2?} per pass, {:.1} MB/s, {old_bytes} bytes ({:.2}×)",
        mbs(old),
        old_bytes as f64 / code_bytes as f64
    );
    extra_languages(rounds);
}

/// A new highlighter's first pass over `samples` (it loads what they need and compiles the
/// regexes), then the median time of a pass and the bytes one writes.
fn passes(samples: &[(String, String)], rounds: usize) -> (Duration, Duration, usize) {
    let h = Highlighter::new(HighlightSettings {
        enabled: true,
        light_theme: "InspiredGitHub".into(),
        dark_theme: "base16-ocean.dark".into(),
        cache: None,
    });
    let all = || -> usize { samples.iter().map(|(e, c)| h.highlight(e, c).0.len()).sum() };
    let start = Instant::now();
    let first = all();
    let cold = start.elapsed();
    let (per_pass, bytes) = measure(rounds, all);
    assert_eq!(bytes, first);
    (cold, per_pass, bytes)
}

/// The languages two-face adds (a new highlighter's first pass loads both syntax sets).
fn extra_languages(rounds: usize) {
    let samples = samples("highlight-extra");
    let code_bytes: usize = samples.iter().map(|s| s.1.len()).sum();
    let (cold, ours, bytes) = passes(&samples, rounds);
    println!(
        "{} two-face samples, {code_bytes} bytes of code; first pass (loads both sets, compiles regexes) {cold:.1?}",
        samples.len()
    );
    println!(
        "kaisetsu on them: {ours:.2?} per pass, {:.1} MB/s, {bytes} bytes ({:.2}×)",
        code_bytes as f64 / ours.as_secs_f64() / 1e6,
        bytes as f64 / code_bytes as f64
    );
}
