//! A persistent cache of highlighted blocks, under the site (`.kaisetsu/cache/highlight/`), so
//! that a second clean build skips highlighting code it has seen.
//!
//! - **Key.** A folder per *version*: a hash of kaisetsu's version, syntect's and two-face's
//!   versions (two-face's grammars are not in the probe, which must not load them), both
//!   themes (names and contents), and the HTML of a probe block highlighted by this binary, so
//!   a change of grammar, theme or class encoding never reads old entries. In it a file per
//!   block, named by a 128-bit hash of the language and the code; the file repeats the language
//!   and the code, and an entry whose text differs (a collision, a torn or foreign file) is a
//!   miss.
//! - **Two builds at once.** An entry is written to a temporary file in the same folder and
//!   renamed into place, so a reader sees a whole entry or none; two builds writing the same
//!   entry write the same bytes. A read or write that fails is a miss: the cache can only make
//!   a build faster, never fail it or change its output.
//! - **Bounded.** After a build, [`DiskCache::prune`] deletes the oldest entries (by write
//!   time) until the folder holds at most its byte budget, and removes other versions' folders.
//!   An entry deleted while another build reads it is a miss for that build.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Bytes the cache may hold after a build (about 40,000 blocks of 20 lines).
pub const DEFAULT_BUDGET: u64 = 100 << 20;

/// syntect's version, from `Cargo.lock` (see `build.rs`).
const SYNTECT_VERSION: &str = env!("KAISETSU_SYNTECT_VERSION");
/// two-face's version (its grammars), from `Cargo.lock`.
const TWO_FACE_VERSION: &str = env!("KAISETSU_TWO_FACE_VERSION");

/// The highlight cache of one site, for one version of the highlighter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskCache {
    /// `.kaisetsu/cache/highlight/` under the site.
    root: PathBuf,
    /// This version's folder in it.
    dir: PathBuf,
    budget: u64,
}

/// A 128-bit hash of `parts`, in hex (two SipHash runs with different prefixes).
fn hash_hex(parts: &[&str]) -> String {
    let mut out = String::with_capacity(32);
    for seed in [0u8, 1] {
        let mut h = DefaultHasher::new();
        seed.hash(&mut h);
        parts.hash(&mut h);
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// The bytes stored for a block: its language and code, then the HTML.
fn entry(lang: &str, code: &str, html: &str) -> Vec<u8> {
    format!("{}\n{}\n{lang}\n{code}{html}", lang.len(), code.len()).into_bytes()
}

/// The HTML in `bytes` if they are the entry of `lang` and `code`.
fn html_of(bytes: Vec<u8>, lang: &str, code: &str) -> Option<String> {
    let text = String::from_utf8(bytes).ok()?;
    let head = format!("{}\n{}\n{lang}\n{code}", lang.len(), code.len());
    text.strip_prefix(&head).map(str::to_string)
}

impl DiskCache {
    /// The cache under `root` (the cache folder), for a highlighter whose version is `version`
    /// (themes and probe output; see the module docs).
    pub fn new(root: PathBuf, version: &[&str], budget: u64) -> Self {
        let mut parts = vec![env!("CARGO_PKG_VERSION"), SYNTECT_VERSION, TWO_FACE_VERSION];
        parts.extend_from_slice(version);
        let dir = root.join(hash_hex(&parts));
        DiskCache { root, dir, budget }
    }

    fn path(&self, lang: &str, code: &str) -> PathBuf {
        self.dir.join(hash_hex(&[lang, code]))
    }

    /// The HTML kept for `code` in `lang`, if any.
    pub fn get(&self, lang: &str, code: &str) -> Option<String> {
        let bytes = std::fs::read(self.path(lang, code)).ok()?;
        html_of(bytes, lang, code)
    }

    /// Keeps `html` for `code` in `lang`; failures are ignored (the next build misses).
    pub fn put(&self, lang: &str, code: &str, html: &str) {
        let _ = self.try_put(lang, code, html);
    }

    fn try_put(&self, lang: &str, code: &str, html: &str) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempfile_in(&self.dir)?;
        tmp.write_all(&entry(lang, code, html))?;
        tmp.persist(self.path(lang, code))?;
        Ok(())
    }

    /// Deletes other versions' folders, then this version's oldest entries until it holds at
    /// most the budget. Returns the bytes left. Failures are ignored.
    pub fn prune(&self) -> u64 {
        if let Ok(dirs) = std::fs::read_dir(&self.root) {
            for d in dirs.flatten().filter(|d| d.path() != self.dir) {
                let _ = std::fs::remove_dir_all(d.path());
            }
        }
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut files: Vec<_> = entries
            .flatten()
            .filter_map(|e| {
                let m = e.metadata().ok()?;
                Some((m.modified().ok()?, m.len(), e.path()))
            })
            .collect();
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        files.sort();
        for (_, len, path) in files {
            if total <= self.budget {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
        total
    }

    /// This version's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_round_trip_and_a_foreign_file_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let c = DiskCache::new(dir.path().into(), &["v"], DEFAULT_BUDGET);
        assert_eq!(c.get("rs", "fn a() {}\n"), None);
        c.put("rs", "fn a() {}\n", "<b>html</b>");
        assert_eq!(c.get("rs", "fn a() {}\n").as_deref(), Some("<b>html</b>"));
        assert_eq!(c.get("py", "fn a() {}\n"), None);
        // Another block's entry under this name (a collision) is not taken for it.
        std::fs::write(c.path("rs", "x"), entry("rs", "y", "<i>y</i>")).unwrap();
        assert_eq!(c.get("rs", "x"), None);
        let other = DiskCache::new(dir.path().into(), &["w"], DEFAULT_BUDGET);
        assert_ne!(other.dir(), c.dir());
        assert_eq!(other.get("rs", "fn a() {}\n"), None);
    }

    #[test]
    fn pruning_keeps_the_cache_within_its_budget_and_drops_other_versions() {
        let dir = tempfile::tempdir().unwrap();
        let old = DiskCache::new(dir.path().into(), &["old"], 1000);
        old.put("rs", "old", "x");
        let c = DiskCache::new(dir.path().into(), &["new"], 1000);
        for i in 0..50 {
            c.put("rs", &format!("code {i}"), &"h".repeat(100));
        }
        let left = c.prune();
        assert!(left <= 1000, "{left} bytes left");
        assert!(left > 0);
        let on_disk: u64 = std::fs::read_dir(c.dir())
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum();
        assert_eq!(on_disk, left);
        assert!(!old.dir().exists(), "the old version's folder is gone");
    }

    #[test]
    fn concurrent_writers_and_readers_see_whole_entries_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let c = DiskCache::new(dir.path().into(), &["v"], DEFAULT_BUDGET);
        let html = |i: usize| format!("<span>{}</span>", "x".repeat(i * 50));
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for i in 0..100 {
                        let code = format!("code {}", i % 10);
                        c.put("rs", &code, &html(i % 10));
                        if let Some(got) = c.get("rs", &code) {
                            assert_eq!(got, html(i % 10));
                        }
                    }
                });
            }
        });
        for i in 0..10 {
            assert_eq!(c.get("rs", &format!("code {i}")), Some(html(i)));
        }
        let names: Vec<_> = std::fs::read_dir(c.dir()).unwrap().collect();
        assert_eq!(names.len(), 10, "no temporary file left behind");
    }
}
