//! The output side of an incremental compile: copied files are read only when they may have
//! changed, and the compile's files are compared with the last successful compile's, so the
//! dev server learns which paths changed without comparing the whole site itself.

use super::{CompileCache, CopiedFile};
use crate::error::{Diagnostic, Error};
use crate::output::{Contents, OutputFile};
use bytes::Bytes;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a compile changed in the site, compared with the last successful compile that used
/// the same [`CompileCache`].
#[derive(Debug, Clone, Default)]
pub struct SiteChanges {
    /// Files that are new or whose bytes changed (every file when `complete`).
    pub files: Vec<(String, Bytes)>,
    /// Paths that are no longer part of the site.
    pub removed: Vec<String>,
    /// True when there was nothing to compare with: `files` is the whole site.
    pub complete: bool,
    /// Warnings (errors make the compile fail instead).
    pub warnings: Vec<Diagnostic>,
    /// Number of HTML pages in the site.
    pub pages: usize,
    /// Wall time of each stage, in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// The files of a compile compared with the last successful one (see [`SiteChanges`]).
pub(crate) struct Delta {
    pub(crate) files: Vec<(String, Bytes)>,
    pub(crate) removed: Vec<String>,
    pub(crate) complete: bool,
}

/// Same bytes: the same buffer (a reused page) or equal contents.
fn same(a: &Bytes, b: &Bytes) -> bool {
    (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
}

/// Reads `src` unless the cache holds it and it is known not to have changed: not among
/// the `hint`ed paths, and the same modification time and length.
fn read_copy(
    cache: &mut HashMap<PathBuf, CopiedFile>,
    hint: Option<&HashSet<PathBuf>>,
    src: &Path,
) -> Result<Bytes, Error> {
    let meta = std::fs::metadata(src).map_err(|e| Error::io(src, e))?;
    let (modified, len) = (meta.modified().ok(), meta.len());
    if let (Some(h), Some(old)) = (hint, cache.get(src)) {
        if !h.contains(src) && (old.modified, old.len) == (modified, len) {
            return Ok(old.bytes.clone());
        }
    }
    let bytes = Bytes::from(std::fs::read(src).map_err(|e| Error::io(src, e))?);
    let copied = CopiedFile {
        modified,
        len,
        bytes: bytes.clone(),
    };
    cache.insert(src.to_path_buf(), copied);
    Ok(bytes)
}

/// Resolves `files` to bytes and compares them with the last successful compile's outputs.
/// `partial`: `files` holds only what this compile redid, every other file is unchanged.
/// The cache's outputs become this compile's (when the cache is enabled).
pub(crate) fn changes(
    cache: &mut CompileCache,
    files: Vec<OutputFile>,
    partial: bool,
    hint: Option<&HashSet<PathBuf>>,
) -> Result<Delta, Error> {
    let mut copies = std::mem::take(&mut cache.copies);
    let mut resolved = Vec::with_capacity(files.len());
    let mut used = HashSet::new();
    for f in files {
        let bytes = match f.contents {
            Contents::Bytes(b) => b,
            Contents::Copy(src) => {
                let b = read_copy(&mut copies, hint, &src)?;
                used.insert(src);
                b
            }
        };
        resolved.push((f.path, bytes));
    }
    if !partial {
        copies.retain(|src, _| used.contains(src));
    }
    if cache.enabled {
        cache.copies = copies;
    }
    let Some(old) = cache.outputs.as_mut().filter(|_| cache.enabled) else {
        if cache.enabled {
            cache.outputs = Some(resolved.iter().cloned().collect());
        }
        return Ok(Delta {
            files: resolved,
            removed: Vec::new(),
            complete: true,
        });
    };
    let mut changed = Vec::new();
    if partial {
        for (path, bytes) in resolved {
            if !old.get(&path).is_some_and(|o| same(o, &bytes)) {
                changed.push((path.clone(), bytes.clone()));
                old.insert(path, bytes);
            }
        }
        return Ok(Delta {
            files: changed,
            removed: Vec::new(),
            complete: false,
        });
    }
    let mut next = HashMap::with_capacity(resolved.len());
    for (path, bytes) in resolved {
        if !old.get(&path).is_some_and(|o| same(o, &bytes)) {
            changed.push((path.clone(), bytes.clone()));
        }
        next.insert(path, bytes);
    }
    let mut removed: Vec<String> = old
        .keys()
        .filter(|k| !next.contains_key(*k))
        .cloned()
        .collect();
    removed.sort();
    *old = next;
    Ok(Delta {
        files: changed,
        removed,
        complete: false,
    })
}
