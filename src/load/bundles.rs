//! Where the files of a page bundle are written: beside the page, wherever its URL is.
//!
//! A page bundle is a folder with an `index.md` (`content/notes/two/index.md`); the other files
//! in it and below it are its assets. Zola copies them into the folder of the page's URL, so
//! relative links written in the page (`<img src="x.png">` in raw HTML, which kaisetsu does not
//! rewrite) and in its summary shown elsewhere (made root-relative against the page's URL) reach
//! them when `path` or `slug` moves the page. They are written there only, not also at their
//! `content/` path: every link kaisetsu writes to them (Markdown links and images, share images,
//! in every language) names the one copy. The page followed is the bundle's first version that
//! is written (the original before its translations); when none is (`render = false`), the
//! files are not written, as Zola does not copy them.

use crate::model::{Asset, Doc, DocKind};
use std::collections::{HashMap, HashSet};

/// Sets every asset's [`Asset::url_path`] from the documents' URLs.
pub fn place_assets(docs: &[Doc], assets: &mut [Asset]) {
    let mut sections: HashSet<&str> = HashSet::new();
    // Bundle folder (with its trailing `/`) → the version its files follow, if any is written.
    let mut bundles: HashMap<&str, Option<&Doc>> = HashMap::new();
    for d in docs {
        let (dir, file) = split_dir(&d.neutral_path);
        match (d.kind, file) {
            (DocKind::Section, _) => {
                sections.insert(dir);
            }
            (DocKind::Page, "index.md") => {
                let entry = bundles.entry(dir).or_insert(None);
                if d.is_rendered() && entry.is_none_or(|e| precedes(d, e)) {
                    *entry = Some(d);
                }
            }
            _ => {}
        }
    }
    for a in assets {
        a.url_path = Some(a.content_path.clone());
        let mut dir = a.content_path.as_str();
        while let Some(up) = parent(dir) {
            dir = up;
            if sections.contains(dir) {
                break;
            }
            if let Some(page) = bundles.get(dir) {
                let below = &a.content_path[dir.len()..];
                a.url_path = page.map(|p| format!("{}{below}", p.url_path));
                break;
            }
        }
    }
}

/// True when `a` is the version a bundle's files follow rather than `b`: the original (the
/// site's language) first, then the earlier file.
fn precedes(a: &Doc, b: &Doc) -> bool {
    let original = |d: &Doc| d.content_path == d.neutral_path;
    (!original(a), &a.content_path) < (!original(b), &b.content_path)
}

/// `notes/two/index.md` → (`notes/two/`, `index.md`); a file at the top → (``, name).
fn split_dir(path: &str) -> (&str, &str) {
    let cut = path.rfind('/').map_or(0, |i| i + 1);
    (&path[..cut], &path[cut..])
}

/// The folder above `dir` (or above a file), with its trailing `/`: `a/b/c.png` → `a/b/`,
/// `a/b/` → `a/`, `a/` → ``; `None` above the top.
fn parent(dir: &str) -> Option<&str> {
    if dir.is_empty() {
        return None;
    }
    let trimmed = dir.strip_suffix('/').unwrap_or(dir);
    Some(trimmed.rfind('/').map_or("", |i| &dir[..=i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_climb_to_the_top() {
        assert_eq!(parent("a/b/c.png"), Some("a/b/"));
        assert_eq!(parent("a/b/"), Some("a/"));
        assert_eq!(parent("a/"), Some(""));
        assert_eq!(parent("c.png"), Some(""));
        assert_eq!(parent(""), None);
    }
}
