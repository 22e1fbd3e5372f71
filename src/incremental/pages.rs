//! Rendering pages with reuse: a page whose context hashes as it did in the last compile keeps
//! its bytes; after body-only edits, only the pages [`Targets`] names are looked at at all.

use super::quick::Targets;
use crate::error::{Diagnostic, Diagnostics};
use crate::templates::{context_hash, Contexts, PageJob};
use bytes::Bytes;
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// A page as last rendered.
#[derive(Debug, Clone)]
pub struct CachedPage {
    /// Hash of its template, path, context and body (see [`page_hash`]).
    pub hash: u64,
    /// Its bytes.
    pub bytes: Bytes,
}

/// Pages rendered by an earlier compile, by output path.
pub type PageCache = HashMap<String, CachedPage>;

/// One page of this compile.
pub(crate) struct PageResult {
    /// Output path.
    pub(crate) path: String,
    /// The page, with its hash.
    pub(crate) page: CachedPage,
    /// The bytes came from the last compile.
    pub(crate) reused: bool,
}

/// What the page of `job` would be rendered from: template, path, context and the render key
/// of its document (which stands for the document's HTML).
fn page_hash(job: &PageJob<'_>, ctx: &crate::templates::PageContext<'_>, keys: &[u64]) -> u64 {
    let mut h = DefaultHasher::new();
    (job.template, &job.path).hash(&mut h);
    job.doc().map(|id| keys.get(id)).hash(&mut h);
    context_hash(ctx, &mut h);
    h.finish()
}

/// Renders the pages of `jobs` that `targets` wants (all without targets), reusing the bytes
/// of `previous` where the hash is the same.
pub(crate) fn render(
    cx: &Contexts<'_>,
    jobs: &[PageJob<'_>],
    targets: Option<&Targets>,
    previous: &PageCache,
    render_keys: &[u64],
) -> (Vec<PageResult>, Diagnostics) {
    let wanted =
        |j: &&PageJob<'_>| targets.is_none_or(|t| t.wants(&cx.owner_path(j), j.shows_timeline()));
    let results: Vec<Result<PageResult, Diagnostic>> = jobs
        .par_iter()
        .with_max_len(crate::PIECE)
        .filter(wanted)
        .map(|job| {
            let ctx = cx.context(job)?;
            let hash = page_hash(job, &ctx, render_keys);
            let path = job.path.clone();
            if let Some(old) = previous.get(&job.path).filter(|p| p.hash == hash) {
                let page = old.clone();
                return Ok(PageResult {
                    path,
                    page,
                    reused: true,
                });
            }
            let bytes = Bytes::from(cx.render(job, ctx)?);
            let page = CachedPage { hash, bytes };
            Ok(PageResult {
                path,
                page,
                reused: false,
            })
        })
        .collect();
    let mut diags = Diagnostics::default();
    let pages = results
        .into_iter()
        .filter_map(|r| r.map_err(|d| diags.push(d)).ok())
        .collect();
    (pages, diags)
}
