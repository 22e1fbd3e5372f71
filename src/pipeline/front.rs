//! The first stages: load, resolve and render Markdown, or patch the last compile's results
//! when the quick path can ([`crate::incremental::quick`]).

use crate::error::{Diagnostics, Error};
use crate::incremental::{self, CompileCache, KeptDiagnostics, LoadKey, Prepared, Work};
use crate::markdown::{
    self,
    highlight::{HighlightSettings, Highlighter},
    RenderedDoc,
};
use crate::model::Site;
use crate::options::BuildOptions;
use crate::resolve::Index;
use crate::stopwatch::Stopwatch;
use crate::{load, resolve, templates};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::PathBuf;

/// Loads, resolves and renders Markdown: by patching the last compile when the hinted changes
/// allow it, else in full (reusing what the cache holds).
pub(super) fn prepare(
    opts: &BuildOptions,
    cache: &mut CompileCache,
    hint: Option<&HashSet<PathBuf>>,
    key: &LoadKey,
    clock: &mut Stopwatch,
) -> Result<Prepared, Error> {
    let snapshot = cache.snapshot.take();
    let patch = match (hint, &snapshot) {
        (Some(h), Some(s)) if cache.enabled && s.options == *key => {
            incremental::quick::patch(&opts.root, s, &cache.docs, h)
        }
        _ => None,
    };
    match (patch, snapshot) {
        (Some(p), Some(snap)) => Ok(incremental::patched::patched(cache, snap, p, clock)),
        (_, snapshot) => full(opts, cache, snapshot, clock),
    }
}

/// How the site's code is highlighted, with the persistent cache under the site when the
/// options ask for it.
fn highlight_settings(opts: &BuildOptions, site: &Site) -> HighlightSettings {
    let cache = opts.highlight_cache;
    HighlightSettings {
        cache: cache.then(|| opts.root.join(".kaisetsu/cache/highlight")),
        ..HighlightSettings::from_config(&site.config.markdown)
    }
}

/// The loaded site, with what loading reported.
struct Loaded {
    site: Site,
    walk_diags: Diagnostics,
    diags: Diagnostics,
    docs_loaded: usize,
}

/// Loads config and content, parsing the templates meanwhile when the cache has none.
fn load_site(opts: &BuildOptions, cache: &mut CompileCache) -> Result<Loaded, Error> {
    let root = &opts.root;
    let load_opts = load::LoadOptions {
        drafts: opts.drafts,
    };
    let mut config = match crate::config::load(root) {
        Ok(c) => c,
        Err(diags) => {
            return Err(Error::Content(with_content_problems(
                root, diags, load_opts,
            )))
        }
    };
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    // Templates depend only on the theme and the base path: parse them while content loads.
    let (theme, base_path) = (config.theme.clone(), config.base_path());
    let parse_templates = cache.templates.is_none();
    let previous = cache.enabled.then(|| std::mem::take(&mut cache.docs));
    let (parsed, loaded) = rayon::join(
        || parse_templates.then(|| templates::load(root, &theme, &base_path)),
        || load::load(root, config, load_opts, previous),
    );
    // A template error is reported where templates are used (they are parsed again there).
    if let Some(Ok(templates)) = parsed {
        cache.pages.clear();
        cache.templates = Some(incremental::CachedTemplates {
            theme,
            base_path,
            templates,
        });
    }
    if let Some(docs) = loaded.docs {
        cache.docs = docs;
    }
    let mut diags = loaded.walk_diags.clone();
    diags.extend(loaded.doc_diags.0);
    Ok(Loaded {
        site: loaded.site,
        walk_diags: loaded.walk_diags,
        diags,
        docs_loaded: loaded.parsed,
    })
}

/// The problems of `config.toml` (`diags`) with those of the content, loaded with what can be
/// read of the config ([`crate::config::fallback`]): one run shows every class of problem,
/// rather than one round of fixes for the config and another for the front matter.
fn with_content_problems(
    root: &std::path::Path,
    mut diags: Diagnostics,
    opts: load::LoadOptions,
) -> Diagnostics {
    if root.join("config.toml").is_file() {
        let loaded = load::load(root, crate::config::fallback(root), opts, None);
        diags.extend(loaded.walk_diags.0);
        diags.extend(loaded.doc_diags.0);
    }
    diags.sort();
    diags
}

/// Renders every document's Markdown (a plain build).
fn render_markdown(site: &Site, index: &Index, highlighter: &Highlighter) -> Vec<RenderedDoc> {
    let cx = markdown::RenderContext {
        site,
        index,
        highlighter,
    };
    let docs = site.docs.par_iter().with_max_len(crate::PIECE);
    let render = |d| markdown::render(d, cx);
    docs.map(|d| {
        if d.broken {
            RenderedDoc::default()
        } else {
            render(d)
        }
    })
    .collect()
}

/// Loads, resolves and renders everything, reusing cached documents and renderings.
fn full(
    opts: &BuildOptions,
    cache: &mut CompileCache,
    snapshot: Option<incremental::Snapshot>,
    clock: &mut Stopwatch,
) -> Result<Prepared, Error> {
    let Loaded {
        site,
        walk_diags,
        mut diags,
        docs_loaded,
    } = load_site(opts, cache)?;
    clock.lap("load");
    let (index, d) = resolve::resolve(&site);
    let kept = KeptDiagnostics {
        walk_diags: walk_diags.0,
        resolve_diags: if cache.enabled {
            d.0.clone()
        } else {
            Vec::new()
        },
    };
    diags.extend(d.0);
    clock.lap("resolve");
    let highlighter = cache.take_highlighter(highlight_settings(opts, &site));
    let (rendered, keys, markdown_rendered) = if cache.enabled {
        incremental::markdown::render(&site, &index, &highlighter, snapshot)
    } else {
        let rendered = render_markdown(&site, &index, &highlighter);
        let count = site.docs.iter().filter(|d| !d.broken).count();
        (rendered, Default::default(), count)
    };
    for r in &rendered {
        diags.extend(r.diagnostics.iter().cloned());
    }
    highlighter.prune_cache();
    clock.lap("markdown");
    Ok(Prepared {
        site,
        index,
        rendered,
        keys,
        kept,
        diags,
        targets: None,
        work: Work {
            docs_loaded,
            markdown_rendered,
            ..Work::default()
        },
        highlighter,
        copies: Default::default(),
        rechecks: None,
    })
}
