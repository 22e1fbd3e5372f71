//! The quick path's first stages: the last compile's snapshot patched with the edited
//! documents, the index kept (or rebuilt after front matter edits), and only the documents
//! whose render key changed rendered again. See [`crate::incremental::quick`].

use super::quick::{self, Targets};
use super::{CompileCache, KeptDiagnostics, Prepared, QuickCopies, Rechecks, RenderKeys};
use super::{Snapshot, Work};
use crate::error::Diagnostics;
use crate::load::LoadedDoc;
use crate::markdown::{self, RenderedDoc};
use crate::resolve;
use crate::stopwatch::Stopwatch;
use rayon::prelude::*;

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
        mut render_keys,
        mut rendered,
        copies,
        checked,
        ok,
        ..
    } = snap;
    let docs_loaded = patch.docs.len();
    let mut edited = Vec::with_capacity(patch.docs.len());
    for (id, path, bytes, doc, d) in patch.docs {
        let loaded = LoadedDoc {
            bytes,
            doc: Some(doc.clone()),
            diags: d,
        };
        cache.docs.insert(path, loaded);
        site.docs[id] = doc;
        edited.push(id);
    }
    let mut diags = Diagnostics::default();
    diags.extend(walk_diags.iter().cloned());
    for loaded in cache.docs.values() {
        diags.extend(loaded.diags.0.iter().cloned());
    }
    clock.lap("load");
    // Front matter edits can change the index (titles, order, glossary, timeline).
    let (index, resolve_diags, fingerprint) = if patch.front_matter {
        let (index, d) = resolve::resolve(&site);
        let fingerprint = super::fingerprint(&site, &index);
        (index, d.0, fingerprint)
    } else {
        (index, resolve_diags, old_fingerprint)
    };
    diags.extend(resolve_diags.iter().cloned());
    clock.lap("resolve");
    let highlighter = cache.take_highlighter(site.config.markdown.highlight_code);
    let cx = markdown::RenderContext {
        site: &site,
        index: &index,
        highlighter: &highlighter,
    };
    // Only pages can be targeted when the last compile's pages are all good, and the index
    // is the same.
    let mut targets = (ok && !patch.front_matter).then(Targets::default);
    let mut rechecks = (!patch.front_matter).then(Vec::new);
    // A new fingerprint can change any document's HTML.
    let rekey: Vec<usize> = if fingerprint == old_fingerprint {
        edited
    } else {
        (0..site.docs.len()).collect()
    };
    let fresh: Vec<(usize, u64, RenderedDoc)> = rekey
        .into_par_iter()
        .filter(|&id| !site.docs[id].broken)
        .filter_map(|id| {
            let key = super::render_key(&site.docs[id], fingerprint);
            (key != render_keys[id]).then(|| (id, key, markdown::render(&site.docs[id], cx)))
        })
        .collect();
    let markdown_rendered = fresh.len();
    for (id, key, new) in fresh {
        let old = std::mem::replace(&mut rendered[id], new);
        render_keys[id] = key;
        let new = &rendered[id];
        if old.has_code != new.has_code {
            targets = None;
        }
        if !quick::same_for_others(&old, new) {
            rechecks = None;
            if let Some(t) = targets.as_mut() {
                t.add_references(&site, &index, id, (&old, new));
            }
        }
        if let Some(r) = rechecks.as_mut() {
            r.push(id);
        }
        if let Some(t) = targets.as_mut() {
            t.add(&site, id, !quick::same_listing(&old, new));
        }
    }
    for r in &rendered {
        diags.extend(r.diagnostics.iter().cloned());
    }
    clock.lap("markdown");
    Prepared {
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
        targets,
        work: Work {
            docs_loaded,
            markdown_rendered,
            patched: true,
            ..Work::default()
        },
        highlighter,
        copies: QuickCopies {
            changed: patch.copies,
            previous: copies,
        },
        rechecks: rechecks.map(|docs| Rechecks { checked, docs }),
    }
}
