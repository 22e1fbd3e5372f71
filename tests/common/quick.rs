//! What a dev server holds after each compile told which files changed, checked against a
//! clean build (the incremental tests' harness).

use super::SiteTest;
use kaisetsu::{compile, compile_changes, BuildOptions, CompileCache, Work};
use std::collections::BTreeMap;

pub fn opts(t: &SiteTest) -> BuildOptions {
    BuildOptions {
        root: t.root().to_path_buf(),
        ..Default::default()
    }
}

/// A clean build's files and warnings.
pub type Clean = (BTreeMap<String, Vec<u8>>, Vec<kaisetsu::error::Diagnostic>);

pub fn clean(t: &SiteTest) -> Result<Clean, String> {
    match compile(&opts(t)) {
        Ok(site) => Ok((super::file_map(site.files), site.warnings)),
        Err(e) => Err(format!("{e:?}")),
    }
}

/// What a dev server holds: the cache and the files served.
pub struct Served {
    pub cache: CompileCache,
    pub files: BTreeMap<String, Vec<u8>>,
    /// Paths the last compile reported as changed or removed (but the search index's).
    pub changed: Vec<String>,
    /// The search index's files among them (issue 15: every text edit changes the index).
    pub index_changed: Vec<String>,
}

impl Served {
    pub fn new(t: &SiteTest) -> Served {
        let mut s = Served {
            cache: CompileCache::incremental(),
            files: BTreeMap::new(),
            changed: Vec::new(),
            index_changed: Vec::new(),
        };
        s.step(t, None, "first build");
        s
    }

    /// Compiles after the files `changed` (relative to the root; `None`: unknown) changed, and
    /// checks the result against a clean build.
    pub fn step(&mut self, t: &SiteTest, changed: Option<&[&str]>, name: &str) -> Work {
        self.cache
            .note_changes(changed.map(|c| c.iter().map(|p| t.root().join(p)).collect::<Vec<_>>()));
        let inc = compile_changes(&opts(t), &mut self.cache);
        let clean = clean(t);
        match (inc, clean) {
            (Ok(ch), Ok((clean, warnings))) => {
                assert_eq!(ch.warnings, warnings, "{name}: different warnings");
                if ch.complete {
                    self.files.clear();
                }
                self.changed.clear();
                self.index_changed.clear();
                for (p, b) in ch.files {
                    match p.starts_with("search-index/") {
                        true => self.index_changed.push(p.clone()),
                        false => self.changed.push(p.clone()),
                    }
                    self.files.insert(p, b.to_vec());
                }
                for p in ch.removed {
                    self.files.remove(&p);
                    self.changed.push(p);
                }
                let differ = super::differing(&self.files, &clean);
                assert!(
                    differ.is_empty(),
                    "{name}: served files differ from a clean build in {differ:?}"
                );
                assert_eq!(
                    ch.pages,
                    clean.keys().filter(|k| k.ends_with(".html")).count() - redirects(&clean),
                    "{name}: page count"
                );
            }
            (Err(a), Err(b)) => assert_eq!(format!("{a:?}"), b, "{name}: different errors"),
            (a, b) => panic!(
                "{name}: incremental {:?} vs clean {:?}",
                a.map(|_| ()),
                b.map(|_| ())
            ),
        }
        self.cache.last
    }
}

/// Redirect pages are HTML files but not pages.
pub fn redirects(files: &BTreeMap<String, Vec<u8>>) -> usize {
    files
        .values()
        .filter(|b| b.starts_with(b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Redirect</title>"))
        .count()
}

/// Asserts how the last step compiled: patched (no walk) and targeted (only some pages).
pub fn how(w: Work, patched: bool, targeted: bool, name: &str) {
    assert_eq!(
        (w.patched, w.targeted),
        (patched, targeted),
        "{name}: {w:?}"
    );
}
