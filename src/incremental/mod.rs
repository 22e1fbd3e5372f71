//! What one compile keeps for the next, so the dev server redoes only what a change can affect.
//!
//! - Documents are read every time but re-parsed only when their bytes changed.
//! - A document's Markdown is re-rendered only when its text changed or the index it renders
//!   against changed in a way that can alter any page's HTML (the [`fingerprint`]: URLs, the
//!   glossary's names and summaries, assets, Markdown settings), or an image whose `width` and
//!   `height` it writes changed size.
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

pub(crate) mod markdown;
pub(crate) mod outputs;
pub(crate) mod pages;
pub(crate) mod patched;
pub(crate) mod quick;

use crate::error::Diagnostic;
use crate::links::Checked;
use crate::load::LoadedDoc;
use crate::markdown::highlight::{HighlightSettings, Highlighter, LoadedSyntaxes};
use crate::markdown::RenderedDoc;
use crate::model::{Doc, Site};
use crate::resolve::Index;
use crate::templates::Templates;
use bytes::Bytes;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::time::SystemTime;

pub use outputs::SiteChanges;
pub use pages::{CachedPage, PageCache};

/// State kept between compiles of one site. [`CompileCache::default`] keeps nothing (a plain
/// build pays nothing for caching); [`CompileCache::incremental`] keeps everything.
#[derive(Default)]
pub struct CompileCache {
    /// Whether documents, rendered Markdown and pages are kept for the next compile.
    pub(crate) enabled: bool,
    /// Parsed templates, with what they were parsed for.
    pub(crate) templates: Option<CachedTemplates>,
    /// `content/`-relative path → the document as last loaded.
    pub(crate) docs: HashMap<String, LoadedDoc>,
    /// What the last compile worked from (its rendered Markdown is reused by render key).
    pub(crate) snapshot: Option<Snapshot>,
    /// Output path → the page as last rendered.
    pub(crate) pages: PageCache,
    /// Every file of the last successful compile (kept across [`CompileCache::clear`]: it is
    /// only compared with, never trusted as input).
    pub(crate) outputs: Option<HashMap<String, Bytes>>,
    /// Copied files as last read, by source path.
    pub(crate) copies: HashMap<PathBuf, CopiedFile>,
    /// The files that changed since the last compile (absolute paths), when known.
    pub(crate) hint: Option<HashSet<PathBuf>>,
    /// Kept so the syntax definitions load once, not once per compile.
    pub(crate) highlighter: Option<Highlighter>,
    /// What the last compile redid, for tests and the dev server's log.
    pub last: Work,
    /// The quick path leaves the search index for [`crate::search_changes`] (the dev server:
    /// a reader sees the edited page first, the index follows).
    pub(crate) defer_search: bool,
    /// The last compile left the search index to be rebuilt.
    pub(crate) search_pending: bool,
}

/// Templates as parsed for a theme and a base path.
pub(crate) struct CachedTemplates {
    /// The theme's name.
    pub(crate) theme: String,
    /// The base path the `url()` function prefixes.
    pub(crate) base_path: String,
    /// The parsed templates.
    pub(crate) templates: Templates,
}

/// A copied file as last read.
pub(crate) struct CopiedFile {
    /// Its modification time then.
    pub(crate) modified: Option<SystemTime>,
    /// Its length then.
    pub(crate) len: u64,
    /// Its bytes.
    pub(crate) bytes: Bytes,
}

/// The build options a snapshot was loaded with: another `base_url` or drafts setting means
/// another site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoadKey {
    /// The `base_url` override.
    pub(crate) base_url: Option<String>,
    /// Drafts included.
    pub(crate) drafts: bool,
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

    /// With `defer`, a quick-path compile does not rebuild the search index: it is left for
    /// [`crate::search_changes`], so that the edited page can be shown first.
    pub fn defer_search(&mut self, defer: bool) {
        self.defer_search = defer;
    }

    /// Whether the last compile left the search index out (see [`Self::defer_search`]).
    pub fn search_pending(&self) -> bool {
        self.search_pending
    }

    /// Which syntax sets the highlighter kept from the last compile has loaded (`None`: no
    /// highlighter is kept, the cache being off).
    pub fn loaded_syntaxes(&self) -> Option<LoadedSyntaxes> {
        self.highlighter.as_ref().map(Highlighter::loaded_syntaxes)
    }

    /// Forgets everything cached (but stays incremental if it was).
    pub fn clear(&mut self) {
        *self = CompileCache {
            enabled: self.enabled,
            outputs: self.outputs.take(),
            defer_search: self.defer_search,
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

    /// The templates kept for `theme` and `base_path`, if those are what they were parsed for.
    pub(crate) fn take_templates(&mut self, theme: &str, base_path: &str) -> Option<Templates> {
        let kept = self.templates.take()?;
        (kept.theme == theme && kept.base_path == base_path).then_some(kept.templates)
    }

    /// The highlighter kept from the last compile while its settings still hold, else a new one.
    pub(crate) fn take_highlighter(&mut self, settings: HighlightSettings) -> Highlighter {
        let kept = self
            .highlighter
            .take()
            .filter(|h| *h.settings() == settings);
        kept.unwrap_or_else(|| Highlighter::new(settings))
    }
}

/// The loaded, resolved and rendered site, before links and templates: what both the full
/// path and the quick path ([`patched`]) hand the rest of the pipeline.
pub(crate) struct Prepared {
    /// The site.
    pub(crate) site: Site,
    /// Its index.
    pub(crate) index: Index,
    /// Rendered Markdown, by document id.
    pub(crate) rendered: Vec<RenderedDoc>,
    /// The keys the rendered Markdown is cached under (empty for a plain build).
    pub(crate) keys: RenderKeys,
    /// Diagnostics kept for the next compile's quick path.
    pub(crate) kept: KeptDiagnostics,
    /// Every diagnostic so far.
    pub(crate) diags: crate::error::Diagnostics,
    /// Only these pages need rendering (`None`: every page, by context hash).
    pub(crate) targets: Option<quick::Targets>,
    /// What was redone so far.
    pub(crate) work: Work,
    /// The highlighter, kept for the next compile.
    pub(crate) highlighter: Highlighter,
    /// Copied files (quick path only).
    pub(crate) copies: QuickCopies,
    /// The last compile's backlinks and checks, to recheck for the edited documents only
    /// (quick path, when no edit changed links, mentions or citations).
    pub(crate) rechecks: Option<Rechecks>,
}

/// [`fingerprint`] and each document's [`render_key`].
#[derive(Debug, Clone, Default)]
pub(crate) struct RenderKeys {
    /// The site's fingerprint.
    pub(crate) fingerprint: u64,
    /// Render keys by document id.
    pub(crate) render_keys: Vec<u64>,
}

/// Diagnostics of stages the quick path skips.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeptDiagnostics {
    /// Of walking `content/`.
    pub(crate) walk_diags: Vec<Diagnostic>,
    /// Of resolving (front matter only).
    pub(crate) resolve_diags: Vec<Diagnostic>,
}

/// Copied files on the quick path: (output path, source).
#[derive(Debug, Clone, Default)]
pub(crate) struct QuickCopies {
    /// Those the hint named.
    pub(crate) changed: Vec<(String, PathBuf)>,
    /// Every copied file of the last compile.
    pub(crate) previous: Vec<(String, PathBuf)>,
}

/// The last compile's checks and the documents to check again.
pub(crate) struct Rechecks {
    /// Backlinks and checks as the last compile made them.
    pub(crate) checked: Checked,
    /// Documents whose checks are redone.
    pub(crate) docs: Vec<usize>,
}

/// What one compile worked from, for the next to patch.
pub(crate) struct Snapshot {
    /// The loaded site.
    pub(crate) site: Site,
    /// Its index.
    pub(crate) index: Index,
    /// The options the site was loaded with.
    pub(crate) options: LoadKey,
    /// Diagnostics of walking `content/`.
    pub(crate) walk_diags: Vec<Diagnostic>,
    /// Diagnostics of resolving (front matter only).
    pub(crate) resolve_diags: Vec<Diagnostic>,
    /// [`fingerprint`] of the site and index.
    pub(crate) fingerprint: u64,
    /// Each document's [`render_key`], by document id.
    pub(crate) render_keys: Vec<u64>,
    /// Rendered Markdown, by document id.
    pub(crate) rendered: Vec<RenderedDoc>,
    /// Copied files: (output path, source).
    pub(crate) copies: Vec<(String, PathBuf)>,
    /// Backlinks and checks.
    pub(crate) checked: Checked,
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

/// A hash of everything in the site and index that can change a document's rendered Markdown
/// besides its own text.
pub fn fingerprint(site: &Site, index: &Index) -> u64 {
    let mut h = DefaultHasher::new();
    let c = &site.config;
    (
        &c.base_url,
        // Callout labels are in the site's language.
        &c.language,
        c.markdown.smart_punctuation,
        c.markdown.highlight_code,
        c.markdown.heading_ids,
        // Class names number the looks of these themes.
        &c.markdown.highlight_theme,
        &c.markdown.highlight_theme_dark,
        format!("{:?}", c.glossary.autolink),
        c.markdown.insert_anchor_links,
    )
        .hash(&mut h);
    for d in &site.docs {
        (
            &d.content_path,
            &d.url_path,
            // Links to a document with `render = false` are errors.
            d.is_rendered(),
            d.broken,
            d.kind as u8,
            &d.lang,
            // A section's anchor links are its pages' too.
            d.meta.insert_anchor_links,
        )
            .hash(&mut h);
    }
    // Every language's glossary: a page links the terms of its own language.
    for view in std::iter::once(index).chain(&index.views) {
        view.lang.hash(&mut h);
        for t in &view.glossary.terms {
            (t.doc, &t.slug, &t.title, &t.summary, t.autolink).hash(&mut h);
            if let Some(m) = &site.docs[t.doc].meta.term {
                (&m.aliases, &m.ja).hash(&mut h);
            }
        }
    }
    for a in &site.assets {
        (&a.content_path, &a.url_path).hash(&mut h);
    }
    h.finish()
}

/// The key of a document's rendering: its [`render_key`], with the sizes of the images the
/// rendering measured. A page's hash takes this key in place of the HTML, so an image that
/// changed size must change it.
pub(crate) fn rendering_key(key: u64, rendered: &RenderedDoc) -> u64 {
    if rendered.image_sizes.is_empty() {
        return key;
    }
    let mut h = DefaultHasher::new();
    (key, &rendered.image_sizes).hash(&mut h);
    h.finish()
}

/// Whether `rendered`, cached under `cached`, is still the rendering of a document whose
/// [`render_key`] is `key`: same key, and every image it measured the same size.
pub(crate) fn still_valid(cached: u64, key: u64, rendered: &RenderedDoc) -> bool {
    cached == rendering_key(key, rendered) && rendered.image_sizes_hold()
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
