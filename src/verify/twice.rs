//! Two rendered files at one output path: the one written last silently replaced the other,
//! and which one that is depends on the order threads finish in. A page named like a
//! generated one (`content/glossary.md` and the glossary's index), or a redirect at a
//! generated page's URL (`aliases = ["404.html"]`), did that. A file of `static/` over a
//! generated one is not counted: it is copied after the pages, on purpose, and always wins.

use super::check::Prehashed;
use super::hash::hash;
use super::scan::PageScan;
use crate::error::{Diagnostic, Location};
use crate::model::{redirect_file, Doc, Site};
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

/// Output paths that more than one rendered page or feed was written at, once each.
pub(super) fn paths(pages: &[PageScan]) -> Vec<&str> {
    let mut seen: HashSet<u64, BuildHasherDefault<Prehashed>> = HashSet::default();
    let mut twice: Vec<&str> = pages
        .iter()
        .filter(|p| !seen.insert(hash(&p.path)))
        .map(|p| p.path.as_str())
        .collect();
    twice.sort_unstable();
    twice.dedup();
    twice
}

/// An error for each path in `twice`.
pub(super) fn diagnostics(twice: &[&str], site: &Site, output_dir: &str) -> Vec<Diagnostic> {
    let written = |&path: &&str| written_twice(path, site, output_dir);
    twice.iter().map(written).collect()
}

/// The error for two pages written at output path `path`: at the redirect or the page that
/// wrote it, when one of the site's documents did; else at the output path.
pub fn written_twice(path: &str, site: &Site, output_dir: &str) -> Diagnostic {
    let message = format!(
        "two pages of the build are written at /{path}: one would silently replace the other"
    );
    let d = match redirect_at(site, path) {
        Some((d, from)) => d.file.error_at(d.redirect_offset(from), message),
        None => match site.docs.iter().find(|d| d.page_file() == path) {
            Some(d) => d.file.error_at(0, message),
            None => Diagnostic::error(Location::file(format!("{output_dir}/{path}")), message),
        },
    };
    d.with_help("give the page or redirect another URL: the build writes a page of its own there")
}

/// The document and `redirect_from` entry whose redirect is written at `path`.
fn redirect_at<'a>(site: &'a Site, path: &str) -> Option<(&'a Doc, &'a str)> {
    site.docs.iter().find_map(|d| {
        let from = d.meta.redirect_from.iter();
        from.map(|f| (d, f.as_str()))
            .find(|(_, f)| redirect_file(f) == path)
    })
}
