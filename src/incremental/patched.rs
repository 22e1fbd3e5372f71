//! The quick path's first stages: the last compile's snapshot patched with the edited
//! documents, the index kept (or rebuilt after front matter edits), and only the documents
//! whose render key changed rendered again. See [`crate::incremental::quick`].

use super::quick::{self, Targets};
use super::{CompileCache, KeptDiagnostics, Prepared, QuickCopies, Rechecks, RenderKeys};
use super::{Snapshot, Work};
use crate::error::Diagnostics;
use crate::load::LoadedDoc;
use crate::markdown::{self, highlight::HighlightSettings, RenderedDoc};
use crate::model::{DocId, Site};
use crate::resolve;
use crate::stopwatch::Stopwatch;
use rayon::prelude::*;

/// Puts the re-read documents into the site and the cache; returns their ids.
fn apply_edits(cache: &mut CompileCache, site: &mut Site, docs: Vec<quick::Edited>) -> Vec<DocId> {
    let mut edited = Vec::with_capacity(docs.len());
    for (id, path, bytes, doc, diags) in docs {
        let loaded = LoadedDoc {
            bytes,
            doc: Some(doc.clone()),
            diags,
        };
        cache.docs.insert(path, loaded);
        site.docs[id] = doc;
        edited.push(id);
    }
    edited
}

/// What re-rendering the edited documents' Markdown found.
struct Rerendered {
    /// The pages to render (`None`: every page, by context hash).
    targets: Option<Targets>,
    /// The documents to recheck (`None`: recheck every document).
    rechecks: Option<Vec<DocId>>,
    /// Documents rendered.
    count: usize,
}

/// Re-renders the documents whose render key changed (every document's key is checked when
/// the fingerprint changed) and says which pages and checks that can affect.
fn rerender(
    prepared: &mut Prepared,
    edited: Vec<DocId>,
    old_fingerprint: u64,
    (ok, front_matter): (bool, bool),
) -> Rerendered {
    let (site, index) = (&prepared.site, &prepared.index);
    let fingerprint = prepared.keys.fingerprint;
    let cx = markdown::RenderContext {
        site,
        index,
        highlighter: &prepared.highlighter,
    };
    // A new fingerprint can change any document's HTML.
    let rekey: Vec<DocId> = if fingerprint == old_fingerprint {
        edited
    } else {
        (0..site.docs.len()).collect()
    };
    let keys = &prepared.keys.render_keys;
    let fresh: Vec<(DocId, u64, RenderedDoc)> = rekey
        .into_par_iter()
        .filter(|&id| !site.docs[id].broken)
        .filter_map(|id| {
            let key = super::render_key(&site.docs[id], fingerprint);
            let valid = super::still_valid(keys[id], key, &prepared.rendered[id]);
            (!valid).then(|| {
                let new = markdown::render(&site.docs[id], cx);
                (id, super::rendering_key(key, &new), new)
            })
        })
        .collect();
    // Only pages can be targeted when the last compile's pages are all good, and the index
    // is the same.
    let mut out = Rerendered {
        targets: (ok && !front_matter).then(Targets::default),
        rechecks: (!front_matter).then(Vec::new),
        count: fresh.len(),
    };
    for (id, key, new) in fresh {
        let old = std::mem::replace(&mut prepared.rendered[id], new);
        prepared.keys.render_keys[id] = key;
        note_effects(&mut out, prepared, id, &old);
    }
    out
}

/// Notes which pages and checks the new rendering of `id` (old: `old`) affects.
fn note_effects(out: &mut Rerendered, prepared: &Prepared, id: DocId, old: &RenderedDoc) {
    let (site, index) = (&prepared.site, &prepared.index);
    let new = &prepared.rendered[id];
    if old.has_code != new.has_code || !quick::same_feed_entry(old, new) {
        out.targets = None;
    }
    if !quick::same_for_others(old, new) {
        out.rechecks = None;
        if let Some(t) = out.targets.as_mut() {
            t.add_references(site, index, id, (old, new));
        }
    }
    if let Some(r) = out.rechecks.as_mut() {
        r.push(id);
    }
    if let Some(t) = out.targets.as_mut() {
        t.add(site, id, !quick::same_listing(old, new));
    }
}

/// After front matter edits: where bundles' files go (they follow their page's `path`, `slug`
/// and `render`), the index (titles, order, glossary, timeline) and its fingerprint, made again.
fn reindex(site: &mut Site) -> (resolve::Index, Vec<crate::error::Diagnostic>, u64) {
    crate::load::place_assets(&site.docs, &mut site.assets);
    let (index, d) = resolve::resolve(site);
    let fingerprint = super::fingerprint(site, &index);
    (index, d.0, fingerprint)
}

/// Patches the last compile's snapshot with the hinted edits (see [`quick`]).
pub(crate) fn patched(
    cache: &mut CompileCache,
    snap: Snapshot,
    patch: quick::Patch,
    clock: &mut Stopwatch,
) -> Prepared {
    let Snapshot {
        mut site,
        index,
        walk_diags,
        resolve_diags,
        fingerprint: old_fingerprint,
        render_keys,
        rendered,
        copies,
        checked,
        ok,
        ..
    } = snap;
    let docs_loaded = patch.docs.len();
    let edited = apply_edits(cache, &mut site, patch.docs);
    let mut diags = Diagnostics::default();
    diags.extend(walk_diags.iter().cloned());
    for loaded in cache.docs.values() {
        diags.extend(loaded.diags.0.iter().cloned());
    }
    clock.lap("load");
    let (index, resolve_diags, fingerprint) = if patch.front_matter {
        reindex(&mut site)
    } else {
        (index, resolve_diags, old_fingerprint)
    };
    diags.extend(resolve_diags.iter().cloned());
    clock.lap("resolve");
    let highlighter = cache.take_highlighter(HighlightSettings::from_config(&site.config.markdown));
    let mut prepared = Prepared {
        site,
        index,
        rendered,
        keys: RenderKeys {
            fingerprint,
            render_keys,
        },
        kept: KeptDiagnostics {
            walk_diags,
            resolve_diags,
        },
        diags,
        targets: None,
        work: Work {
            docs_loaded,
            patched: true,
            ..Work::default()
        },
        highlighter,
        copies: QuickCopies {
            changed: patch.copies,
            previous: copies,
        },
        rechecks: None,
    };
    let flags = (ok, patch.front_matter);
    let mut done = rerender(&mut prepared, edited, old_fingerprint, flags);
    if let Some(t) = &done.targets {
        if !t.same_pages(&prepared.site, &checked.back.mentions) {
            done.targets = None;
        }
    }
    for r in &prepared.rendered {
        prepared.diags.extend(r.diagnostics.iter().cloned());
    }
    clock.lap("markdown");
    prepared.targets = done.targets;
    prepared.work.markdown_rendered = done.count;
    prepared.rechecks = done.rechecks.map(|docs| Rechecks { checked, docs });
    prepared
}
