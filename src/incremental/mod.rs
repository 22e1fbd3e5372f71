//! What one compile keeps for the next, so the dev server redoes only what a change can affect.
//!
//! - Documents are read every time but re-parsed only when their bytes changed.
//! - A document's Markdown is re-rendered only when its text changed or the index it renders
//!   against changed in a way that can alter any page's HTML (the [`fingerprint`]: URLs, the
//!   glossary's names and summaries, assets, Markdown settings).
//! - A page's template is re-rendered only when the hash of its whole context changed (its own
//!   HTML stands in the hash as the document's render key), so a backlink, listing or glossary
//!   change re-renders exactly the pages that show it.
//!
//! Templates are kept until the caller clears the cache (after template, theme or config changes).
//!
//! When the caller says which files changed ([`CompileCache::note_changes`], as the dev server
//! does from its watcher), a compile that only edited the bodies of existing documents skips the
//! walk, the reads and the index ([`quick`]): it patches the last compile's [`Snapshot`],
//! re-renders those documents' Markdown, and, when nothing another page shows changed, renders
//! only their own pages (and their section's listing when the summary or word count changed).
//! [`crate::compile_changes`] then reports only the output files that differ ([`outputs`]).

pub(crate) mod outputs;
pub(crate) mod quick;

use crate::error::Diagnostic;
use crate::markdown::RenderedDoc;
use crate::model::{Doc, Site};
use crate::resolve::Index;
use bytes::Bytes;
use serde_json::Value;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

pub use outputs::SiteChanges;

/// A document's raw bytes, the document parsed from them, and what parsing reported.
pub type LoadedDoc = (Vec<u8>, Option<Doc>, crate::error::Diagnostics);

/// State kept between compiles of one site. [`CompileCache::default`] keeps nothing (a plain
/// build pays nothing for caching); [`CompileCache::incremental`] keeps everything.
#[derive(Default)]
pub struct CompileCache {
    /// Whether documents, rendered Markdown and pages are kept for the next compile.
    pub(crate) enabled: bool,
    pub(crate) templates: Option<(String, String, crate::templates::Templates)>,
    /// `content/`-relative path → the document as last loaded.
    pub(crate) docs: HashMap<String, LoadedDoc>,
    /// What the last compile worked from (its rendered Markdown is reused by render key).
    pub(crate) snapshot: Option<Snapshot>,
    /// Output path → (context hash, page bytes).
    pub(crate) pages: crate::templates::context::PageCache,
    /// Every file of the last successful compile (kept across [`CompileCache::clear`]: it is
    /// only compared with, never trusted as input).
    pub(crate) outputs: Option<HashMap<String, Bytes>>,
    /// Copied files as last read: source → (modified time, length, bytes).
    pub(crate) copies: HashMap<PathBuf, (Option<std::time::SystemTime>, u64, Bytes)>,
    /// The files that changed since the last compile (absolute paths), when known.
    pub(crate) hint: Option<HashSet<PathBuf>>,
    /// Kept so the syntax definitions load once, not once per compile.
    pub(crate) highlighter: Option<(bool, crate::markdown::highlight::Highlighter)>,
    /// What the last compile redid, for tests and the dev server's log.
    pub last: Work,
}

/// How much work a compile did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Documents parsed (their bytes changed).
    pub docs_loaded: usize,
    /// Documents whose Markdown was rendered.
    pub markdown_rendered: usize,
    /// Pages whose template was rendered.
    pub pages_rendered: usize,
    /// Pages in all.
    pub pages: usize,
    /// The compile patched the last one (body-only edits, see [`quick`]) instead of loading.
    pub patched: bool,
    /// Only the pages that can show the edits were rendered (see [`quick::Targets`]).
    pub targeted: bool,
}

impl CompileCache {
    /// A cache that keeps what the next compile can reuse (for the dev server).
    pub fn incremental() -> Self {
        CompileCache {
            enabled: true,
            ..CompileCache::default()
        }
    }

    /// Forgets everything cached (but stays incremental if it was).
    pub fn clear(&mut self) {
        *self = CompileCache {
            enabled: self.enabled,
            outputs: self.outputs.take(),
            ..CompileCache::default()
        };
    }

    /// Tells the next compile which files changed since the last one (absolute paths under the
    /// site root), so it can skip reading the others; `None` means anything may have changed.
    /// Created, deleted or renamed files, folders, and anything but `content/` and `static/`
    /// make the compile fall back to a full walk (still incremental).
    pub fn note_changes(&mut self, changed: Option<impl IntoIterator<Item = PathBuf>>) {
        self.hint = changed.map(|c| c.into_iter().collect());
    }
}

/// What one compile worked from, for the next to patch.
pub(crate) struct Snapshot {
    /// The loaded site.
    pub(crate) site: Site,
    /// Its index.
    pub(crate) index: Index,
    /// `base_url` override and drafts flag the site was loaded with.
    pub(crate) options: (Option<String>, bool),
    /// Diagnostics of walking `content/`, and of resolving (front matter only).
    pub(crate) walk_diags: Vec<Diagnostic>,
    pub(crate) resolve_diags: Vec<Diagnostic>,
    /// [`fingerprint`] and each document's [`render_key`], by document id.
    pub(crate) fingerprint: u64,
    pub(crate) render_keys: Vec<u64>,
    /// Rendered Markdown, by document id.
    pub(crate) rendered: Vec<RenderedDoc>,
    /// Copied files: (output path, source).
    pub(crate) copies: Vec<(String, PathBuf)>,
    /// Backlinks and checks.
    pub(crate) checked: crate::resolve::backlinks::Checked,
    /// The compile succeeded (every page in the page cache is what a clean build makes).
    pub(crate) ok: bool,
}

impl Snapshot {
    /// Rendered Markdown by `content/` path, with its render key (broken documents left out).
    pub(crate) fn into_rendered(self) -> HashMap<String, (u64, RenderedDoc)> {
        let keys = self.render_keys;
        self.site
            .docs
            .into_iter()
            .zip(self.rendered)
            .filter(|(d, _)| !d.broken)
            .map(|(d, r)| (d.content_path, (keys[d.id], r)))
            .collect()
    }
}

/// Hashes a JSON value. With `skip_content`, the `content` key of the top-level object is left
/// out (the caller hashes the document's render key instead, which is cheaper and equivalent).
pub fn hash_value(v: &Value, h: &mut impl Hasher, skip_content: bool) {
    match v {
        Value::Null => 0u8.hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Number(n) => (2u8, n.to_string()).hash(h),
        Value::String(s) => (3u8, s).hash(h),
        Value::Array(a) => {
            (4u8, a.len()).hash(h);
            for x in a {
                hash_value(x, h, false);
            }
        }
        Value::Object(o) => {
            (5u8, o.len()).hash(h);
            for (k, x) in o {
                if skip_content && k == "content" {
                    continue;
                }
                k.hash(h);
                hash_value(x, h, false);
            }
        }
    }
}

/// A hash of everything in the site and index that can change a document's rendered Markdown
/// besides its own text.
pub fn fingerprint(site: &Site, index: &Index) -> u64 {
    let mut h = DefaultHasher::new();
    let c = &site.config;
    (
        &c.base_url,
        c.markdown.smart_punctuation,
        c.markdown.highlight_code,
        format!("{:?}", c.glossary.autolink),
    )
        .hash(&mut h);
    for d in &site.docs {
        (&d.content_path, &d.url_path, d.broken, d.kind as u8).hash(&mut h);
    }
    for t in &index.glossary.terms {
        (t.doc, &t.slug, &t.title, &t.summary, t.autolink).hash(&mut h);
        if let Some(m) = &site.docs[t.doc].meta.term {
            (&m.aliases, &m.ja).hash(&mut h);
        }
    }
    for a in &site.assets {
        a.content_path.hash(&mut h);
    }
    h.finish()
}

/// The key under which a document's rendered Markdown is cached.
pub fn render_key(doc: &Doc, fingerprint: u64) -> u64 {
    let mut h = DefaultHasher::new();
    (
        fingerprint,
        doc.id,
        &doc.file.text,
        doc.meta.glossary_autolink,
        &doc.meta.sources,
    )
        .hash(&mut h);
    h.finish()
}
