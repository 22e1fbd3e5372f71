//! Discovering the files under `content/` with walkdir: sorted, hidden and editor temp files
//! skipped, symlink loops reported instead of followed forever.

use crate::error::{Diagnostic, Location};
use std::path::{Path, PathBuf};

/// A file found under the walked folder.
#[derive(Debug, Clone)]
pub struct Found {
    /// Absolute path.
    pub path: PathBuf,
    /// Path relative to the walked folder, `/`-separated.
    pub relative: String,
}

/// True for names the build never reads: hidden files, editor swap, backup and lock files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name == "4913"
}

/// Every file below `dir`, sorted by path (folder by folder, as `WalkDir::sort_by_file_name`
/// orders them). `label` is how `dir` is named in diagnostics (e.g. `content`).
///
/// Sorted once at the end rather than by the walker, which parses both paths' last components
/// on every comparison: a folder of 20,000 files whose listing comes in no useful order (a
/// translated site's `p1.md`, `p1.ja.md`, … on tmpfs) cost 100 million instructions there.
pub fn walk(dir: &Path, label: &str) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut diags = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let relative = slash_path(rel);
                found.push(Found {
                    path: e.path().to_path_buf(),
                    relative,
                });
            }
            Ok(_) => {}
            Err(err) => {
                let at = err
                    .path()
                    .map(|p| {
                        p.strip_prefix(dir)
                            .unwrap_or(p)
                            .to_string_lossy()
                            .into_owned()
                    })
                    .unwrap_or_default();
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop: this link points back to a folder that contains it"
                        .to_string()
                } else {
                    format!("cannot read: {err}")
                };
                diags.push(
                    Diagnostic::error(Location::file(format!("{label}/{at}")), message)
                        .with_help("remove or fix the link; the build does not follow loops"),
                );
            }
        }
    }
    // Folder by folder: byte order with `/` taken as lower than any other byte is the order
    // of the paths' components (no component holds a `/`), without splitting at every
    // comparison of 20,000 names.
    let key = |f: &Found| -> Vec<u8> {
        let path = f.relative.bytes();
        path.map(|b| if b == b'/' { 0 } else { b }).collect()
    };
    found.sort_by_cached_key(key);
    (found, diags)
}

/// `rel` with `/` between its components (on Windows too).
fn slash_path(rel: &Path) -> String {
    let text = rel.to_string_lossy();
    match std::path::MAIN_SEPARATOR {
        '/' => text.into_owned(),
        sep => text.replace(sep, "/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in [
            ".#a.md",
            "a.md~",
            ".a.md.swp",
            "a.swp",
            "#a.md#",
            ".hidden",
            "4913",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["a.md", "image.png", "_index.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn files_come_folder_by_folder_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b.md", "a.md", "a-b.md", "a/z.md", "a/c/d.md", "a/b.md"] {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let (found, diags) = walk(dir.path(), "content");
        assert!(diags.is_empty());
        let order: Vec<&str> = found.iter().map(|f| f.relative.as_str()).collect();
        // A folder's files before a sibling file whose name it begins (`a/…` before `a-b.md`
        // and `a.md`), as sorting each folder's entries by name gives; not byte order of paths.
        assert_eq!(
            order,
            ["a/b.md", "a/c/d.md", "a/z.md", "a-b.md", "a.md", "b.md"]
        );
    }
}
