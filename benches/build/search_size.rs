//! The search index's size (issue 15): what a one-word query downloads, gzip-compressed (as a
//! static host serves JSON): `meta.json`, the shard of the word (and of its stem, when that
//! hashes elsewhere), the names file of the query, and the files of the results shown (at most
//! eight).

use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// Results the client shows.
const SHOWN: usize = 8;

/// Compressed sizes of one language's index, in bytes.
pub(crate) struct IndexSize {
    /// `meta.json`.
    pub(crate) meta: usize,
    /// Shards, largest first.
    pub(crate) shards: Vec<usize>,
    /// Names files (`n/`), largest first.
    pub(crate) names: Vec<usize>,
    /// Page files, largest first.
    pub(crate) pages: Vec<usize>,
}

fn gz(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).expect("gzip in memory");
    e.finish().expect("gzip in memory").len()
}

fn sizes(dir: &Path) -> Vec<usize> {
    let mut out: Vec<usize> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| gz(&std::fs::read(e.path()).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    out.sort_unstable_by(|a, b| b.cmp(a));
    out
}

/// Reads the index in `dir` (`public/search-index`).
pub(crate) fn measure(dir: &Path) -> IndexSize {
    IndexSize {
        meta: gz(&std::fs::read(dir.join("meta.json")).unwrap_or_default()),
        shards: sizes(&dir.join("s")),
        names: sizes(&dir.join("n")),
        pages: sizes(&dir.join("d")),
    }
}

impl IndexSize {
    /// The worst one-word query: the two largest shards, the largest names file and the
    /// eight largest page files.
    pub(crate) fn worst_query(&self) -> usize {
        let shards: usize = self.shards.iter().take(2).sum();
        let names = self.names.first().copied().unwrap_or(0);
        self.meta + shards + names + self.pages.iter().take(SHOWN).sum::<usize>()
    }

    /// A typical one: the median shard, the median names file and eight median page files.
    pub(crate) fn typical_query(&self) -> usize {
        let median = |v: &[usize]| v.get(v.len() / 2).copied().unwrap_or(0);
        let names = median(&self.names);
        self.meta + median(&self.shards) + names + SHOWN * median(&self.pages)
    }
}

/// Generates the site twice (posts with code, 500 terms, English), the second with
/// `[search] enabled = false`.
pub(crate) fn generate(posts: usize, dirs: &[std::path::PathBuf; 2]) {
    let spec = super::site::Spec {
        pages: posts,
        code: true,
        terms: true,
        translated: false,
        dense: false,
    };
    for d in dirs {
        super::site::generate(spec, d, None).expect("generate the site");
    }
    let config = dirs[1].join("config.toml");
    let mut text = std::fs::read_to_string(&config).expect("read config.toml");
    text.push_str("\n[search]\nenabled = false\n");
    std::fs::write(&config, text).expect("write config.toml");
}

fn kb(b: usize) -> String {
    format!("{:.1} KB", b as f64 / 1000.0)
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

impl IndexSize {
    /// The benchmark's paragraph: build times with and without the index, and the sizes.
    pub(crate) fn report(
        &self,
        posts: usize,
        runs: usize,
        with: Duration,
        without: Duration,
    ) -> String {
        let cost = with.as_secs_f64() / without.as_secs_f64() - 1.0;
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
        let (s, p) = (&self.shards, &self.pages);
        format!(
            "\nSearch index (issue 15), {posts} posts with code, median of {runs}:\n  with the index {}, without {}, cost {:+.1} % (target ≤15 %: {})\n  gzip: meta.json {}, {} shards (largest {}, median {}), names files (largest {}), {} page files (largest {}, median {})\n  one-word query: typical {}, worst case {} (two largest shards, the largest names file, eight largest pages; target ≤300 KB: {})",
            ms(with),
            ms(without),
            cost * 100.0,
            verdict(cost <= 0.15),
            kb(self.meta),
            s.len(),
            kb(s[0]),
            kb(s[s.len() / 2]),
            kb(self.names.first().copied().unwrap_or(0)),
            p.len(),
            kb(p[0]),
            kb(p[p.len() / 2]),
            kb(self.typical_query()),
            kb(self.worst_query()),
            verdict(self.worst_query() <= 300_000)
        )
    }
}
