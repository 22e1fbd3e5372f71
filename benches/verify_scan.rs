//! The output verifier's scan (issue 16) on its own: every `.html` and `.xml` file of a built
//! output, read into memory first, scanned on one thread as a build scans them (one shared
//! interner for the whole output). Prints the median of the runs, by top-level folder, and how
//! many distinct shared links the interner numbered.
//!
//! `cargo bench --bench verify_scan -- OUTPUT` (a folder that `kaisetsu build` wrote, e.g. a
//! bench site's `public/` under `/dev/shm`). `KAISETSU_BENCH_RUNS=9` sets the runs (default 5).
//! A whole build scans on its rendering threads, amid their work: this figure leaves that out,
//! so it is the scan's own cost, not the build's.

use kaisetsu::verify::hash::hash;
use kaisetsu::verify::intern::{Interned, Interner};
use kaisetsu::verify::scan::{scan, PageScan};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// One scanned file: its path under the output, and its bytes.
struct File {
    path: String,
    bytes: Vec<u8>,
}

fn main() {
    let Some(root) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        eprintln!("usage: cargo bench --bench verify_scan -- OUTPUT_FOLDER");
        std::process::exit(2);
    };
    let runs = std::env::var("KAISETSU_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5usize);
    if !Path::new(&root).is_dir() {
        eprintln!("verify_scan: {root} is not a folder (pass a built output, e.g. SITE/public)");
        std::process::exit(2);
    }
    let files = read(Path::new(&root));
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "{} files, {:.1} MB, {runs} runs, one thread",
        files.len(),
        bytes as f64 / 1e6
    );
    let mut totals = Vec::new();
    let mut by_folder: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    let mut scans = Vec::with_capacity(files.len());
    for _ in 0..runs {
        let interner = Interner::default();
        scans.clear();
        let start = Instant::now();
        for f in &files {
            let t = Instant::now();
            scans.push(std::hint::black_box(scan(&f.path, &f.bytes, &interner)));
            let spent = by_folder.entry(folder(&f.path)).or_default();
            match spent.len() < totals.len() + 1 {
                true => spent.push(t.elapsed()),
                false => *spent.last_mut().expect("pushed") += t.elapsed(),
            }
        }
        totals.push(start.elapsed());
        let links = interner.finish();
        let fragments = links.iter().filter(|(_, l)| l.starts_with('#')).count();
        if totals.len() == runs {
            let all = links.iter().count();
            println!(
                "interned: {} links, {fragments} fragment names",
                all - fragments
            );
            println!("digest: {:016x}", digest(&scans, &links));
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let total = median(totals);
    println!(
        "scan: median {:.1} ms, {:.2} ns a byte",
        ms(total),
        total.as_nanos() as f64 / bytes as f64
    );
    // Folders under 1 % of the total are summed (a site of many small sections has many).
    let mut rest = (0, Duration::ZERO);
    for (name, spent) in by_folder {
        let m = median(spent);
        match m >= total / 100 {
            true => println!("  {name:<20} {:8.1} ms", ms(m)),
            false => rest = (rest.0 + 1, rest.1 + m),
        }
    }
    if rest.0 > 0 {
        println!(
            "  {:<20} {:8.1} ms",
            format!("{} others", rest.0),
            ms(rest.1)
        );
    }
}

/// A hash of what the scans read, by text (not by interner number, which depends on the
/// order links were met): two versions of the scan that read the same print the same digest.
fn digest(scans: &[PageScan], links: &Interned) -> u64 {
    let mut text = String::new();
    for s in scans {
        text.push_str(&s.path);
        for &n in s.shared() {
            text.extend([" ", links.get(n)]);
        }
        for &(p, f) in s.anchored() {
            text.extend([" ", links.get(p), links.get(f)]);
        }
        for l in s.links() {
            text.extend([" ", l]);
        }
        let mut ids: Vec<&str> = s.ids().collect();
        ids.sort_unstable();
        for id in ids {
            text.extend([" #", id]);
        }
        text.push('\n');
    }
    hash(&text)
}

/// The top-level folder of `path` (`.` for a file at the top).
fn folder(path: &str) -> &str {
    path.split_once('/').map_or(".", |(f, _)| f)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Every `.html` and `.xml` file under `root`, with its path relative to it.
fn read(root: &Path) -> Vec<File> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("the output folder is readable");
        let path = entry.path();
        let scanned = path.extension().is_some_and(|e| e == "html" || e == "xml");
        if scanned && entry.file_type().is_file() {
            let rel = path.strip_prefix(root).expect("under the root");
            files.push(File {
                path: rel.to_string_lossy().replace('\\', "/"),
                bytes: std::fs::read(path).expect("a readable file"),
            });
        }
    }
    files
}
