//! The quick path of an incremental compile: when the only changes are edits to existing
//! documents (still readable, not made drafts) and to existing copied files, the last compile's
//! [`Snapshot`] is patched instead of walking and reading the site. When every front matter is
//! byte for byte the same, the index is kept too; otherwise it is rebuilt and every page's
//! context is hashed, as in a full compile.
//!
//! Then [`Targets`] says which pages can show the edit: a document's own page always; its
//! section's listing when its summary or word count changed; the timeline when an event's
//! summary changed; when its links, mentions or citations changed ([`same_for_others`]), the
//! pages it linked to or links to (their backlinks), the terms it mentioned or mentions
//! ("mentioned in") and the sources page. Only a change of whether it has code (`syntax.css`)
//! makes the caller render every page's context instead.

use super::Snapshot;
use crate::error::Diagnostics;
use crate::links::Referrer;
use crate::load::LoadedDoc;
use crate::markdown::{RenderedDoc, SectionRef};
use crate::model::{Doc, DocId, DocKind, Site};
use crate::resolve::Index;
use crate::templates::mention_pagers;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// One re-read document: its id, `content/` path, bytes, the parsed document and what parsing said.
pub(crate) type Edited = (DocId, String, Vec<u8>, Doc, Diagnostics);

/// What the hinted changes amount to, when the snapshot can absorb them.
#[derive(Default)]
pub(crate) struct Patch {
    /// Documents whose body changed.
    pub(crate) docs: Vec<Edited>,
    /// Copied files that changed: (output path, source).
    pub(crate) copies: Vec<(String, PathBuf)>,
    /// Some document's front matter changed (the index must be rebuilt).
    pub(crate) front_matter: bool,
}

/// Whether `path` is an image whose size a page writes and that now has another size (the
/// full path renders those pages' Markdown again: see [`RenderedDoc::image_sizes_hold`]).
fn resized(snap: &Snapshot, path: &Path) -> bool {
    snap.rendered
        .iter()
        .any(|r| r.image_sizes.iter().any(|(p, _)| p == path) && !r.image_sizes_hold())
}

/// `/`-joined components of `path` below `root`, if it is below it.
fn relative(root: &Path, path: &Path) -> Option<Vec<String>> {
    path.strip_prefix(root)
        .ok()?
        .components()
        .map(|c| match c {
            Component::Normal(n) => n.to_str().map(str::to_string),
            _ => None,
        })
        .collect()
}

/// The patch for `hint` (changed absolute paths), or `None` when the changes need a full load:
/// a created, deleted or renamed file, a folder, a broken or non-UTF-8 document, a document
/// made a draft (left out without `drafts`), or anything outside `content/` and `static/`.
/// A site in several languages always takes the full load: an edit to an original changes
/// what its translations take from it.
pub(crate) fn patch(
    root: &Path,
    snap: &Snapshot,
    docs: &HashMap<String, LoadedDoc>,
    hint: &HashSet<PathBuf>,
) -> Option<Patch> {
    if !snap.site.config.languages.is_empty() {
        return None;
    }
    let drafts = snap.options.drafts;
    let mut patch = Patch::default();
    for path in hint {
        let parts = relative(root, path)?;
        if let Some((out, src)) = snap.copies.iter().find(|(_, src)| src == path) {
            if !path.is_file() || resized(snap, path) {
                return None;
            }
            patch.copies.push((out.clone(), src.clone()));
            continue;
        }
        if !path.exists() && !known_under(root, snap, docs, path) {
            // Created and gone again within the batch (an editor's or `sed -i`'s temp file).
            continue;
        }
        if parts.first().map(String::as_str) != Some("content") || !path.is_file() {
            return None;
        }
        let content_path = parts[1..].join("/");
        let id = *snap.index.by_path.get(&content_path)?;
        let old_bytes = &docs.get(&content_path)?.bytes;
        let old = snap.site.docs.get(id).filter(|d| !d.broken)?;
        let bytes = std::fs::read(path).ok()?;
        if bytes == *old_bytes {
            continue;
        }
        let (doc, diags) = crate::load::doc_from_bytes(&content_path, bytes.clone());
        let mut doc = doc.filter(|d| !d.broken && (drafts || !d.meta.draft))?;
        let shown = |d: &Doc| (d.meta.draft, d.meta.search, d.is_rendered());
        if shown(&doc) != shown(old) {
            // The set of searchable pages changes: the index's files are renumbered.
            return None;
        }
        if doc.file.text[..doc.body_offset] != old.file.text[..old.body_offset] {
            patch.front_matter = true;
        }
        doc.id = id;
        doc.parent = old.parent;
        doc.lang = old.lang.clone();
        patch.docs.push((id, content_path, bytes, doc, diags));
    }
    Some(patch)
}

/// True when the last compile used a file at or below `path`.
fn known_under(
    root: &Path,
    snap: &Snapshot,
    docs: &HashMap<String, LoadedDoc>,
    path: &Path,
) -> bool {
    let content = root.join("content");
    let below = |rel: &str| content.join(rel).starts_with(path);
    snap.copies.iter().any(|(_, src)| src.starts_with(path))
        || docs.keys().any(|k| below(k))
        || snap.site.assets.iter().any(|a| below(&a.content_path))
}

/// True when nothing other pages show of a document changed between renderings `a` and `b`,
/// except its summary and word count (see [`Targets`]): its links, mentions and citations
/// (backlinks, "mentioned in", the sources page) and whether it has code (`syntax.css`).
pub(crate) fn same_for_others(a: &RenderedDoc, b: &RenderedDoc) -> bool {
    a.has_code == b.has_code
        && a.citations == b.citations
        && a.mentions == b.mentions
        && a.links.len() == b.links.len()
        && a.links
            .iter()
            .zip(&b.links)
            .all(|(x, y)| (x.target, &x.anchor, &x.section) == (y.target, &y.anchor, &y.section))
}

/// True when a document's listing entry (summary, word count, reading time) is the same in
/// `a` and `b`. The counts listings show are made of three (`word_count`, and the Japanese
/// words and characters within it): an edit of Japanese text alone can change the reading
/// time and leave `word_count` as it was.
pub(crate) fn same_listing(a: &RenderedDoc, b: &RenderedDoc) -> bool {
    let counts = |r: &RenderedDoc| (r.word_count, r.cjk_words, r.cjk_chars);
    a.first_paragraph == b.first_paragraph && counts(a) == counts(b)
}

/// True when a document's feed entry is the same in `a` and `b`: only a summary marked with
/// `<!-- more -->` goes into the feed, and the feeds are only written by a full render.
pub(crate) fn same_feed_entry(a: &RenderedDoc, b: &RenderedDoc) -> bool {
    fn marked(r: &RenderedDoc) -> Option<&str> {
        r.summary_marked.then_some(r.first_paragraph.as_str())
    }
    marked(a) == marked(b)
}

/// Target document → the headings a document's references to it sit under.
type Entries<'a> = HashMap<DocId, Vec<&'a SectionRef>>;

/// What one document's references add to each target's referrer entry, as
/// `links` builds it: the headings they sit under, in order, without repeats.
fn referrer_entries<'a>(
    refs: impl Iterator<Item = (DocId, Option<&'a SectionRef>)>,
) -> Entries<'a> {
    let mut out: HashMap<DocId, Vec<&SectionRef>> = HashMap::new();
    for (target, section) in refs {
        let sections = out.entry(target).or_default();
        if let Some(s) = section {
            if !sections.contains(&s) {
                sections.push(s);
            }
        }
    }
    out
}

/// The pages to render after body-only edits; every other page keeps its bytes.
#[derive(Debug, Default)]
pub(crate) struct Targets {
    /// Output paths (`notes/one/index.html`).
    pub(crate) paths: HashSet<String>,
    /// Also every page made with the timeline (`timeline.html`, topic pages).
    pub(crate) timeline: bool,
    /// Term document → how many more pages mention it than in the last compile.
    pub(crate) mention_delta: HashMap<DocId, i64>,
}

impl Targets {
    /// Whether the page at `path` is to be rendered (`timeline`: it shows the timeline).
    pub(crate) fn wants(&self, path: &str, timeline: bool) -> bool {
        (timeline && self.timeline) || self.paths.contains(path)
    }

    /// Adds the pages whose backlinks or "mentioned in" entry for document `id` differs
    /// between renderings `old` and `new`, and the sources page if its citations changed.
    pub(crate) fn add_references(
        &mut self,
        site: &Site,
        index: &Index,
        id: DocId,
        (old, new): (&RenderedDoc, &RenderedDoc),
    ) {
        fn links(r: &RenderedDoc, id: DocId) -> Entries<'_> {
            referrer_entries(
                r.links
                    .iter()
                    .filter(|l| l.target != id)
                    .map(|l| (l.target, l.section.as_ref())),
            )
        }
        fn mentions<'a>(r: &'a RenderedDoc, index: &Index) -> Entries<'a> {
            referrer_entries(
                r.mentions
                    .iter()
                    .map(|m| (index.glossary.terms[m.term].doc, m.section.as_ref())),
            )
        }
        let (was, is) = (mentions(old, index), mentions(new, index));
        // A term this page starts or stops mentioning gains or loses one mentioning page.
        let lang = &site.docs[id].lang;
        for (from, to, step) in [(&was, &is, -1), (&is, &was, 1)] {
            for d in from.keys().filter(|d| !to.contains_key(d)) {
                if site.docs[*d].lang == *lang {
                    *self.mention_delta.entry(*d).or_default() += step;
                }
            }
        }
        for (a, b) in [(links(old, id), links(new, id)), (was, is)] {
            for d in a.keys().chain(b.keys()) {
                if a.get(d) != b.get(d) {
                    self.paths
                        .insert(format!("{}index.html", site.docs[*d].url_path));
                }
            }
        }
        if old.citations != new.citations {
            self.paths.insert("sources/index.html".into());
        }
    }

    /// True when the pages the site has are the same as in the last compile, whose "Mentioned
    /// in" lists were `old`: a term whose count of mentioning pages changed can gain or lose
    /// pages of its full list, and the quick path only renders pages, it removes none.
    pub(crate) fn same_pages(&self, site: &Site, old: &HashMap<DocId, Vec<Referrer>>) -> bool {
        self.mention_delta.iter().all(|(&term, &delta)| {
            let lang = &site.docs[term].lang;
            let list = old.get(&term).into_iter().flatten();
            let before = list.filter(|r| site.docs[r.doc].lang == *lang).count();
            let after = (before as i64 + delta).max(0) as usize;
            mention_pagers(before) == mention_pagers(after)
        })
    }

    /// Adds document `id`'s own page, and when `listing` (its summary or word count changed)
    /// its section's page, its taxonomy terms' pages and, for an event, the timeline.
    pub(crate) fn add(&mut self, site: &Site, id: DocId, listing: bool) {
        let d = &site.docs[id];
        self.paths.insert(d.page_file());
        if !listing {
            return;
        }
        let prefix = match d.lang == site.config.language {
            true => String::new(),
            false => format!("{}/", d.lang),
        };
        for path in crate::resolve::taxonomy::term_paths_of(site, d) {
            self.paths.insert(format!("{prefix}{path}index.html"));
        }
        if let (Some(p), false) = (d.parent, d.kind == DocKind::Section) {
            self.paths
                .insert(format!("{}index.html", site.docs[p].url_path));
        }
        if d.meta.event.is_some() {
            self.timeline = true;
        }
    }
}
