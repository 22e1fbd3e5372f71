//! Build-performance benchmark (issues 3 and 8): cold `kaisetsu build` of synthetic sites of
//! 100, 1,000 and 10,000 posts (plus 500 glossary terms and 300 timeline events), against
//! Hugo where it is installed, with the machine's floor, the disk figure, the bundled site and
//! the glossary's overhead. Run it with `cargo bench --bench build`; it prints one table.
//!
//! The benchmark builds the release binary itself (`cargo build --release`) and times that
//! binary as a child process, so the figures are those of the real CLI: wall time from spawn to
//! exit and the child's peak RSS (via GNU `/usr/bin/time`, Debian package `time`). Sites are
//! written under `/dev/shm` (tmpfs) so the disk is out of the picture; one build per size onto
//! the `/work` disk gives the disk figure.
//!
//! Environment:
//! - `KAISETSU_BENCH_SIZES=100,1000` picks the post counts (default `100,1000,10000`).
//! - `KAISETSU_BENCH_RUNS=3` sets the runs per tool and site (default 5, and 3 at 10,000).
//! - `KAISETSU_BENCH_DIR` is the tmpfs folder (default `/dev/shm/kaisetsu-bench`).
//! - `KAISETSU_BENCH_PARTS=compare,dense,glossary,bilingual,search,bundled` picks the parts to
//!   run (default all). `dense` is issue 17's model at each size, with code, against Hugo: posts
//!   of about 1,100 words in sections of 100, each mentioning 45 distinct terms (one term per 20
//!   posts: 500 at 10,000), 250 events, and the output's size. `search` builds the largest size
//!   with and without the search index (median of 5) and prints the compressed bytes a one-word
//!   query downloads. `bilingual` builds the largest size in English only and with every file translated
//!   (`name.ja.md`, a copy of the English body under a new title: it models the page count and
//!   each language's work, not Japanese prose).
//! - `KAISETSU_BENCH_TERMS_PER_POST=500` mentions any term anywhere (default: 8 per post).
//! - `KAISETSU_BENCH_KEEP=1` keeps the generated sites afterwards.
//! - `KAISETSU_BENCH_BIN=path` times that binary instead of building `target/release/kaisetsu`.
//! - `KAISETSU_BENCH_SITE=dir` is the bundled site to time (default: this repository).
//! - `KAISETSU_NO_CACHE=0` lets kaisetsu use its highlight cache (`.kaisetsu/cache/`): warm
//!   builds after the first. By default the benchmark sets it to `1`: every build is cold.

#[path = "build/floor.rs"]
mod floor;
#[path = "build/measure.rs"]
mod measure;
#[path = "build/pairs.rs"]
mod pairs;
#[path = "build/search_size.rs"]
mod search_size;
#[path = "build/site.rs"]
mod site;

use measure::{run, summarize, time_fn, Sample};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The targets of issue 8: (posts, with code, largest kaisetsu/Hugo wall-time ratio).
const TARGETS: &[(usize, bool, f64)] = &[
    (1000, true, 0.35),
    (10000, true, 0.40),
    (1000, false, 0.25),
    (10000, false, 0.25),
];

/// Issue 17's targets on the dense model (with code): the ratio to Hugo's time by size.
const DENSE_TARGETS: &[(usize, f64)] = &[(1000, 0.30), (10000, 0.35)];

struct Bench {
    kaisetsu: PathBuf,
    hugo: Option<String>,
    dir: PathBuf,
    out: String,
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn mib(b: u64) -> String {
    format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0))
}

fn rm(p: &Path) {
    if p.exists() {
        fs::remove_dir_all(p).expect("remove a benchmark folder");
    }
}

fn progress(msg: &str) {
    eprintln!("bench: {msg}");
}

impl Bench {
    fn kaisetsu_run(&self, root: &Path, out: &Path) -> Sample {
        rm(out);
        let mut cmd = Command::new(&self.kaisetsu);
        cmd.arg("build")
            .arg("--root")
            .arg(root)
            .arg("--output")
            .arg(out);
        run(&cmd, &self.dir.join("stderr.txt")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn hugo_run(&self, root: &Path, out: &Path) -> Sample {
        let cache = self.dir.join("hugo-cache");
        rm(out);
        rm(&cache);
        rm(&root.join("resources"));
        let mut cmd = Command::new(self.hugo.as_deref().expect("hugo found"));
        cmd.arg("--source")
            .arg(root)
            .arg("--destination")
            .arg(out)
            .arg("--cacheDir")
            .arg(&cache)
            .arg("--quiet");
        run(&cmd, &self.dir.join("stderr.txt")).unwrap_or_else(|e| panic!("{e}"))
    }

    /// One row of the main table: both tools on one site, alternating.
    fn compare(&mut self, posts: usize, code: bool, runs: usize) {
        let spec = site::Spec {
            pages: posts,
            code,
            terms: true,
            translated: false,
            dense: false,
        };
        self.compare_spec(spec, runs);
    }

    /// One row of the main table for `spec`.
    fn compare_spec(&mut self, spec: site::Spec, runs: usize) {
        let (posts, code) = (spec.pages, spec.code);
        let shape = if spec.dense { "-dense" } else { "" };
        let tag = format!("{posts}-{}{shape}", if code { "code" } else { "nocode" });
        let k_root = self.dir.join(format!("k-{tag}"));
        let h_root = self.dir.join(format!("h-{tag}"));
        progress(&format!("generating {tag}"));
        let hugo_root = self.hugo.as_ref().map(|_| h_root.as_path());
        site::generate(spec, &k_root, hugo_root).expect("generate the site");
        let pages = floor::files_under(&k_root.join("content"), Some("md")).len();
        let (k_out, h_out) = (self.dir.join("k-out"), self.dir.join("h-out"));
        let (mut ks, mut hs) = (Vec::new(), Vec::new());
        for i in 0..runs {
            progress(&format!("{tag}: run {}/{runs}", i + 1));
            ks.push(self.kaisetsu_run(&k_root, &k_out));
            if self.hugo.is_some() {
                hs.push(self.hugo_run(&h_root, &h_out));
            }
        }
        let (kw, km) = summarize(&ks);
        let per_s = |w: Duration| pages as f64 / w.as_secs_f64();
        let label = match (spec.dense, code) {
            (true, _) => "dense, with code",
            (false, true) => "1 code block/page",
            (false, false) => "no code blocks",
        };
        let _ = writeln!(
            self.out,
            "{posts:>6} {label:<18} {pages:>6}  kaisetsu {:>11} {:>9.0}/s {:>10}",
            ms(kw),
            per_s(kw),
            mib(km)
        );
        if !hs.is_empty() {
            let (hw, hm) = summarize(&hs);
            let ratio = kw.as_secs_f64() / hw.as_secs_f64();
            let target = if spec.dense {
                DENSE_TARGETS.iter().find(|t| t.0 == posts).map(|t| t.1)
            } else {
                TARGETS
                    .iter()
                    .find(|t| t.0 == posts && t.1 == code)
                    .map(|t| t.2)
            };
            let target = target
                .map(|t| {
                    let verdict = if ratio <= t { "met" } else { "MISSED" };
                    format!(" (target ≤{t:.2}: {verdict})")
                })
                .unwrap_or_default();
            let mem_ratio = km as f64 / hm as f64;
            let mem_target = if posts == 10000 {
                let verdict = if mem_ratio <= 0.2 { "met" } else { "MISSED" };
                format!(" (target ≤0.20: {verdict})")
            } else {
                String::new()
            };
            let _ = writeln!(
                self.out,
                "{:>33}  hugo     {:>11} {:>9.0}/s {:>10}\n{:>33}  ratio    {ratio:>11.3}{target}; memory {mem_ratio:.3}{mem_target}",
                "",
                ms(hw),
                per_s(hw),
                mib(hm),
                ""
            );
        }
        if spec.dense {
            self.output_size(&k_out);
        } else if code {
            self.floors(posts, &k_root, &k_out, runs);
            self.disk(spec, &k_root);
        }
        if std::env::var_os("KAISETSU_BENCH_KEEP").is_none() {
            rm(&k_root);
            rm(&h_root);
        }
        rm(&k_out);
        rm(&h_out);
    }

    /// What the last build wrote (see [`floor::output_report`]).
    fn output_size(&mut self, out: &Path) {
        let _ = writeln!(
            self.out,
            "{:>33}  output   {}",
            "",
            floor::output_report(out)
        );
    }

    /// The floor: Markdown read + render with pulldown-cmark alone, then writing the bytes of
    /// the last kaisetsu build back out.
    fn floors(&mut self, posts: usize, root: &Path, built: &Path, runs: usize) {
        progress(&format!("{posts}: floors"));
        let md = floor::files_under(&root.join("content"), Some("md"));
        let serial = time_fn(
            runs,
            || {},
            || {
                floor::render_serial(&md);
            },
        );
        let parallel = time_fn(
            runs,
            || {},
            || {
                floor::render_parallel(&md);
            },
        );
        let files = floor::load_output(built);
        let bytes: usize = files.iter().map(|f| f.1.len()).sum();
        let dest = self.dir.join("floor-out");
        let w_serial = time_fn(runs, || rm(&dest), || floor::write_serial(&dest, &files));
        let w_parallel = time_fn(runs, || rm(&dest), || floor::write_parallel(&dest, &files));
        rm(&dest);
        let threads = rayon::current_num_threads();
        let _ = writeln!(
            self.out,
            "{:>33}  floor    read+render {} md: {} (1 thread), {} ({threads} threads); write {} files, {}: {} (1 thread), {} ({threads} threads)",
            "",
            md.len(),
            ms(serial),
            ms(parallel),
            files.len(),
            mib(bytes as u64),
            ms(w_serial),
            ms(w_parallel)
        );
    }

    /// The same kaisetsu build once with the site and output on the `/work` disk.
    fn disk(&mut self, spec: site::Spec, _tmpfs_root: &Path) {
        let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/kaisetsu-bench");
        let (root, out) = (base.join("site"), base.join("out"));
        site::generate(spec, &root, None).expect("generate the disk site");
        let s = self.kaisetsu_run(&root, &out);
        let _ = writeln!(
            self.out,
            "{:>33}  disk     {:>11} (one build, site and output under {}, page cache warm)",
            "",
            ms(s.wall),
            base.display()
        );
        rm(&base);
    }

    /// The bundled site (this repository's own content), ten cold builds on tmpfs.
    fn bundled(&mut self) {
        let manifest = std::env::var_os("KAISETSU_BENCH_SITE")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = self.dir.join("bundled");
        rm(&root);
        for name in ["config.toml", "content", "themes", "static", "templates"] {
            let src = manifest.join(name);
            if src.exists() {
                copy_tree(&src, &root.join(name));
            }
        }
        let out = self.dir.join("bundled-out");
        let samples: Vec<Sample> = (0..10).map(|_| self.kaisetsu_run(&root, &out)).collect();
        let (w, m) = summarize(&samples);
        let verdict = if w < Duration::from_millis(150) {
            "met"
        } else {
            "MISSED"
        };
        let _ = writeln!(
            self.out,
            "\nBundled site (this repository), median of 10 cold builds on tmpfs: {} (target <150 ms: {verdict}), peak {}",
            ms(w),
            mib(m)
        );
        rm(&root);
        rm(&out);
    }
}

fn copy_tree(src: &Path, dst: &Path) {
    if src.is_dir() {
        fs::create_dir_all(dst).expect("create folder");
        for e in fs::read_dir(src).expect("read folder").flatten() {
            copy_tree(&e.path(), &dst.join(e.file_name()));
        }
    } else if let Err(e) = dst
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| fs::copy(src, dst).map(drop))
    {
        // Editors' temporary files can vanish while we copy; anything else is a real error.
        assert!(
            e.kind() == std::io::ErrorKind::NotFound,
            "copy {}: {e}",
            src.display()
        );
    }
}

fn env_list(name: &str, default: &[usize]) -> Vec<usize> {
    match std::env::var(name) {
        Ok(v) => v
            .split(',')
            .map(|s| s.trim().replace('_', ""))
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse()
                    .unwrap_or_else(|_| panic!("{name}: `{s}` is not a number"))
            })
            .collect(),
        Err(_) => default.to_vec(),
    }
}

fn build_release(manifest: &Path) -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    progress("cargo build --release --bin kaisetsu");
    let ok = Command::new(cargo)
        .args(["build", "--release", "--bin", "kaisetsu"])
        .current_dir(manifest)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "cargo build --release failed");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("target"));
    target.join("release").join("kaisetsu")
}

fn hugo_version() -> Option<String> {
    let out = Command::new("hugo").arg("version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn main() {
    if std::env::var_os("KAISETSU_NO_CACHE").is_none() {
        // Cold builds: the child processes inherit this (set before any thread starts).
        std::env::set_var("KAISETSU_NO_CACHE", "1");
    }
    // `cargo bench` passes `--bench` and any filter; this benchmark takes its settings from
    // the environment instead.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sizes = env_list("KAISETSU_BENCH_SIZES", &[100, 1000, 10000]);
    let runs_override = env_list("KAISETSU_BENCH_RUNS", &[]).first().copied();
    let dir = std::env::var_os("KAISETSU_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/dev/shm/kaisetsu-bench"));
    fs::create_dir_all(&dir).expect("create the benchmark folder");
    let kaisetsu = match std::env::var_os("KAISETSU_BENCH_BIN") {
        Some(bin) => PathBuf::from(bin),
        None => build_release(manifest),
    };
    let version = hugo_version();
    let mut b = Bench {
        kaisetsu,
        hugo: version.as_ref().map(|_| "hugo".to_string()),
        dir,
        out: String::new(),
    };
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let _ = writeln!(
        b.out,
        "kaisetsu build benchmark: {cpus} CPUs, sites on {}, cold builds, median wall time, peak RSS",
        b.dir.display()
    );
    match &version {
        Some(v) => {
            let _ = writeln!(b.out, "Hugo: {v} (runs alternate kaisetsu, hugo)");
        }
        None => {
            let _ = writeln!(b.out, "Hugo: not installed, skipped (apt-get install hugo)");
        }
    }
    let _ = writeln!(
        b.out,
        "pages = Markdown files (posts + {} terms + {} events + 4 sections); ratio = kaisetsu / hugo\n",
        site::TERMS,
        site::EVENTS
    );
    let _ = writeln!(
        b.out,
        "{:>6} {:<18} {:>6}  tool     {:>11} {:>11} {:>10}",
        "posts", "site", "pages", "median", "pages/s", "peak RSS"
    );
    let runs_for = |n: usize| runs_override.unwrap_or(if n >= 10000 { 3 } else { 5 });
    let parts = std::env::var("KAISETSU_BENCH_PARTS")
        .unwrap_or_else(|_| "compare,dense,glossary,bilingual,search,bundled".into());
    let part = |name: &str| parts.split(',').any(|p| p.trim() == name);
    if part("compare") {
        for &n in &sizes {
            for code in [true, false] {
                b.compare(n, code, runs_for(n));
            }
        }
    }
    if part("dense") {
        for &n in &sizes {
            let spec = site::Spec {
                pages: n,
                code: true,
                terms: true,
                translated: false,
                dense: true,
            };
            b.compare_spec(spec, runs_for(n));
        }
    }
    if let Some(&largest) = sizes.iter().max().filter(|_| part("glossary")) {
        b.glossary(largest, runs_for(largest));
    }
    if let Some(&largest) = sizes.iter().max().filter(|_| part("bilingual")) {
        for code in [true, false] {
            b.bilingual(largest, code, runs_for(largest));
        }
    }
    if let Some(&largest) = sizes.iter().max().filter(|_| part("search")) {
        b.search(largest, runs_override.unwrap_or(5));
    }
    if part("bundled") {
        b.bundled();
    }
    if std::env::var_os("KAISETSU_BENCH_KEEP").is_none() {
        rm(&b.dir);
    }
    println!("{}", b.out);
}
