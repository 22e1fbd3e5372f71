//! Rendering Markdown with reuse: a document whose [`render_key`] is what it was keeps its
//! rendering from the last compile.

use super::{fingerprint, render_key, rendering_key, still_valid, RenderKeys, Snapshot};
use crate::markdown::{self, highlight::Highlighter, RenderedDoc};
use crate::model::Site;
use crate::resolve::Index;
use rayon::prelude::*;

/// Every document's rendering, reused where its key is unchanged; with the keys and how many
/// documents were rendered afresh.
pub(crate) fn render(
    site: &Site,
    index: &Index,
    highlighter: &Highlighter,
    snapshot: Option<Snapshot>,
) -> (Vec<RenderedDoc>, RenderKeys, usize) {
    let cx = markdown::RenderContext {
        site,
        index,
        highlighter,
    };
    let fingerprint = fingerprint(site, index);
    let keys: Vec<u64> = site
        .docs
        .par_iter()
        .map(|d| render_key(d, fingerprint))
        .collect();
    // Reusable renderings are moved out of the snapshot (not cloned).
    let mut previous = snapshot.map(Snapshot::into_rendered).unwrap_or_default();
    let reusable: Vec<Option<RenderedDoc>> = site
        .docs
        .iter()
        .map(|d| match previous.remove(&d.content_path) {
            Some((cached, r)) if !d.broken && still_valid(cached, keys[d.id], &r) => Some(r),
            _ => None,
        })
        .collect();
    drop(previous);
    let rendered: Vec<(RenderedDoc, bool)> = site
        .docs
        .par_iter()
        .zip(reusable.into_par_iter())
        .with_max_len(crate::PIECE)
        .map(|(d, r)| match r {
            Some(r) => (r, false),
            None if d.broken => (RenderedDoc::default(), false),
            None => (markdown::render(d, cx), true),
        })
        .collect();
    let fresh = rendered.iter().filter(|r| r.1).count();
    let rendered: Vec<RenderedDoc> = rendered.into_iter().map(|(r, _)| r).collect();
    let keys = keys
        .into_iter()
        .zip(&rendered)
        .map(|(k, r)| rendering_key(k, r))
        .collect();
    let keys = RenderKeys {
        fingerprint,
        render_keys: keys,
    };
    (rendered, keys, fresh)
}
