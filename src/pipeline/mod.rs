//! The compile pipeline behind [`crate::compile`] and its incremental forms: load → resolve →
//! markdown → backlinks → templates → feeds and copied files. With a hint of what changed, an
//! incremental compile patches the last one instead of loading ([`crate::incremental::quick`]).

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::incremental::quick::{self, Targets};
use crate::incremental::{self, CompileCache, Snapshot, Work};
use crate::markdown::{self, highlight::Highlighter, RenderedDoc};
use crate::model::Site;
use crate::output::{Contents, OutputFile};
use crate::resolve::backlinks::{Backlinks, Checked};
use crate::resolve::{self, Index};
use crate::{feeds, load, templates, BuildOptions, Injection, Stopwatch};
use rayon::prelude::*;

mod patched;
use std::path::{Path, PathBuf};

/// What one run of the pipeline produced.
pub(crate) struct Piped {
    /// The site's files; with `partial`, only those this compile redid.
    pub(crate) files: Vec<OutputFile>,
    /// Every file not in `files` is as the last compile made it.
    pub(crate) partial: bool,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) pages: usize,
    pub(crate) stages: Vec<(&'static str, std::time::Duration)>,
    /// The changed paths the compile was told about.
    pub(crate) hint: Option<std::collections::HashSet<PathBuf>>,
}

fn static_files(root: &Path, theme: &str) -> (Vec<OutputFile>, Diagnostics) {
    let mut files: Vec<OutputFile> = Vec::new();
    let mut diags = Diagnostics::default();
    let theme_static = root.join("themes").join(theme).join("static");
    if root.join("themes").join(theme).is_dir() {
        let (found, d) = load::walk::walk(&theme_static, &format!("themes/{theme}/static"));
        diags.extend(d);
        files.extend(found.into_iter().map(|f| OutputFile {
            path: f.relative,
            contents: Contents::Copy(f.path),
        }));
    } else if theme == "default" {
        files.extend(templates::builtin::STATIC.iter().map(|(p, b)| OutputFile {
            path: p.to_string(),
            contents: Contents::Bytes(bytes::Bytes::from_static(b)),
        }));
    }
    let site_static = root.join("static");
    if site_static.is_dir() {
        let (found, d) = load::walk::walk(&site_static, "static");
        diags.extend(d);
        for f in found {
            files.retain(|o| o.path != f.relative);
            files.push(OutputFile {
                path: f.relative,
                contents: Contents::Copy(f.path),
            });
        }
    }
    (files, diags)
}

/// Runs the pipeline. With an enabled cache the sink is not used (pages stay in memory).
pub(crate) fn run(
    opts: &BuildOptions,
    inject: Injection<'_>,
    cache: &mut CompileCache,
    sink: Option<templates::PageSink<'_>>,
) -> Result<Piped, Error> {
    let result = run_inner(opts, inject, cache, sink);
    if result.is_err() {
        // Whatever the hint said is consumed: read every copied file again next time.
        cache.copies.clear();
    }
    result
}

fn run_inner(
    opts: &BuildOptions,
    inject: Injection<'_>,
    cache: &mut CompileCache,
    sink: Option<templates::PageSink<'_>>,
) -> Result<Piped, Error> {
    let mut clock = Stopwatch::new();
    let root = &opts.root;
    if !root.join("config.toml").is_file() && !root.join("content").is_dir() {
        return Err(Error::usage(format!("{} is not a kaisetsu site: it has no config.toml and no content/ folder", root.display()), "run the command in a site root, pass --root DIR, or create a site with `kaisetsu init DIR`"));
    }
    let hint = cache.hint.take();
    let snapshot = cache.snapshot.take();
    let sink = if cache.enabled { None } else { sink };
    // The output verifier (issue 16) scans pages as they render; `build` and `check` only.
    let scans = (!cache.enabled).then(crate::verify::Scans::default);
    let scanning_sink = |path: &str, bytes: &[u8]| {
        if let Some(s) = &scans {
            s.add(path, bytes);
        }
        sink.map_or(Ok(()), |write| write(path, bytes))
    };
    let sink = sink.map(|_| &scanning_sink as templates::PageSink<'_>);
    let options = (opts.base_url.clone(), opts.drafts);
    let patch = match (&hint, &snapshot) {
        (Some(h), Some(s)) if cache.enabled && s.options == options => {
            quick::patch(root, s, &cache.docs, h)
        }
        _ => None,
    };
    let highlighter = cache.highlighter.take();
    let st = match (patch, snapshot) {
        (Some(p), Some(snap)) => patched::patched(cache, snap, p, highlighter, &mut clock),
        (_, snapshot) => full(opts, cache, snapshot, highlighter, &mut clock)?,
    };
    let Stage {
        site,
        index,
        rendered,
        fingerprint,
        render_keys,
        walk_diags,
        resolve_diags,
        mut diags,
        targets,
        work,
        highlighter,
        quick_copies,
        previous_copies,
        checked,
    } = st;
    let checked = match checked {
        Some((mut c, changed)) => {
            c.recheck(&site, &rendered, &changed);
            c
        }
        None => resolve::backlinks::compute_checked(&site, &index, &rendered),
    };
    diags.extend(checked.diagnostics().cloned());
    clock.lap("backlinks");
    let mut files: Vec<OutputFile> = Vec::new();
    let partial = targets.is_some();
    // The feeds do not depend on any page: a full compile writes them while pages render.
    let ((pages, pages_rendered), feeds) = rayon::join(
        || {
            render_pages(
                root,
                (&site, &index, &rendered, &checked.back),
                cache,
                inject,
                &render_keys,
                targets.as_ref(),
                sink,
                &mut files,
                &mut diags,
            )
        },
        || (!partial).then(|| feeds::generate(&site, &index)),
    );
    clock.lap("templates, feeds");
    let mut copies = previous_copies;
    if partial {
        files.extend(quick_copies.into_iter().map(|(path, src)| OutputFile {
            path,
            contents: Contents::Copy(src),
        }));
    } else {
        let feeds = feeds.unwrap_or_default();
        copies = tail(root, (&site, &rendered), feeds, &mut files, &mut diags);
    }
    if let Some(scans) = scans.filter(|_| !diags.has_errors()) {
        let sources = crate::verify::Sources {
            site: &site,
            index: &index,
            output_dir: "public",
        };
        let found = crate::verify::output(scans, &files, sources);
        diags.extend(found);
        clock.lap("verify output");
    }
    cache.last = Work {
        pages,
        pages_rendered,
        targeted: partial,
        ..work
    };
    diags.sort();
    let ok = !diags.has_errors();
    if cache.enabled {
        cache.highlighter = Some(highlighter);
        cache.snapshot = Some(Snapshot {
            options,
            walk_diags,
            resolve_diags,
            fingerprint,
            render_keys,
            rendered,
            copies,
            checked,
            ok,
            site,
            index,
        });
    }
    if !ok {
        return Err(Error::Content(diags));
    }
    clock.lap("assets");
    Ok(Piped {
        files,
        partial,
        warnings: diags.0,
        pages,
        stages: clock.laps,
        hint,
    })
}

/// The loaded, resolved and rendered site, before backlinks and templates.
pub(super) struct Stage {
    site: Site,
    index: Index,
    rendered: Vec<RenderedDoc>,
    fingerprint: u64,
    render_keys: Vec<u64>,
    walk_diags: Vec<Diagnostic>,
    resolve_diags: Vec<Diagnostic>,
    diags: Diagnostics,
    /// Only these pages need rendering (`None`: every page, by context hash).
    targets: Option<Targets>,
    work: Work,
    highlighter: (bool, Highlighter),
    /// Copied files the hint named (quick path).
    quick_copies: Vec<(String, PathBuf)>,
    /// The last compile's copied files (quick path).
    previous_copies: Vec<(String, PathBuf)>,
    /// The last compile's backlinks and checks, still right but for the checks of these
    /// documents (quick path, when no edit changed links, mentions or citations).
    checked: Option<(Checked, Vec<usize>)>,
}

/// Loads, resolves and renders everything, reusing cached documents and renderings.
fn full(
    opts: &BuildOptions,
    cache: &mut CompileCache,
    snapshot: Option<Snapshot>,
    highlighter: Option<(bool, Highlighter)>,
    clock: &mut Stopwatch,
) -> Result<Stage, Error> {
    let root = &opts.root;
    let mut config = crate::config::load(root).map_err(Error::Content)?;
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    // Templates depend only on the theme and the base path: parse them while content loads.
    let theme = config.theme.clone();
    let base_path = config.base_path();
    let parse_templates = cache.templates.is_none();
    let docs_cache = cache.enabled.then_some(&mut cache.docs);
    let (parsed, (site, walk_diags, doc_diags, docs_loaded)) = rayon::join(
        || parse_templates.then(|| templates::load(root, &theme, &base_path)),
        || {
            load::load_cached(
                root,
                config,
                load::LoadOptions {
                    drafts: opts.drafts,
                },
                docs_cache,
            )
        },
    );
    // A template error is reported where templates are used (they are parsed again there).
    if let Some(Ok(t)) = parsed {
        cache.pages.clear();
        cache.templates = Some((theme, base_path, t));
    }
    let mut diags = walk_diags.clone();
    diags.extend(doc_diags.0);
    clock.lap("load");
    let (index, d) = resolve::resolve(&site);
    let resolve_diags = if cache.enabled {
        d.0.clone()
    } else {
        Vec::new()
    };
    diags.extend(d.0);
    clock.lap("resolve");
    let highlighter = reuse_highlighter(highlighter, site.config.markdown.highlight_code);
    let cx = markdown::RenderContext {
        site: &site,
        index: &index,
        highlighter: &highlighter.1,
    };
    let fingerprint = incremental::fingerprint(&site, &index);
    let render_keys: Vec<u64> = site
        .docs
        .par_iter()
        .map(|d| incremental::render_key(d, fingerprint))
        .collect();
    // Reusable renderings are moved out of the snapshot (not cloned).
    let mut previous = snapshot.map(Snapshot::into_rendered).unwrap_or_default();
    let reusable: Vec<Option<RenderedDoc>> = site
        .docs
        .iter()
        .map(|d| match previous.remove(&d.content_path) {
            Some((key, r)) if key == render_keys[d.id] && !d.broken => Some(r),
            _ => None,
        })
        .collect();
    drop(previous);
    let rendered: Vec<(RenderedDoc, bool)> = site
        .docs
        .par_iter()
        .zip(reusable.into_par_iter())
        .map(|(d, r)| match r {
            Some(r) => (r, false),
            None if d.broken => (Default::default(), false),
            None => (markdown::render(d, cx), true),
        })
        .collect();
    let markdown_rendered = rendered.iter().filter(|r| r.1).count();
    let rendered: Vec<RenderedDoc> = rendered.into_iter().map(|(r, _)| r).collect();
    for r in &rendered {
        diags.extend(r.diagnostics.iter().cloned());
    }
    clock.lap("markdown");
    Ok(Stage {
        site,
        index,
        rendered,
        fingerprint,
        render_keys,
        walk_diags: walk_diags.0,
        resolve_diags,
        diags,
        targets: None,
        work: Work {
            docs_loaded,
            markdown_rendered,
            ..Work::default()
        },
        highlighter,
        quick_copies: Vec::new(),
        previous_copies: Vec::new(),
        checked: None,
    })
}

/// Renders the pages (all, or only `targets`) into `files` and the page cache; returns how
/// many pages the site has and how many were rendered (not reused).
#[allow(clippy::too_many_arguments)]
fn render_pages(
    root: &Path,
    (site, index, rendered, back): (&Site, &Index, &[RenderedDoc], &Backlinks),
    cache: &mut CompileCache,
    inject: Injection<'_>,
    render_keys: &[u64],
    targets: Option<&Targets>,
    sink: Option<templates::PageSink<'_>>,
    files: &mut Vec<OutputFile>,
    diags: &mut Diagnostics,
) -> (usize, usize) {
    let key = (site.config.theme.clone(), index.base_path.clone());
    let loaded = match cache.templates.take() {
        Some((theme, base, t)) if (&theme, &base) == (&key.0, &key.1) => Ok(t),
        _ => {
            cache.pages.clear();
            templates::load(root, &site.config.theme, &index.base_path)
        }
    };
    let t = match loaded {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d.0);
            return (0, 0);
        }
    };
    let input = templates::RenderInput {
        site,
        index,
        rendered,
        back,
        templates: &t,
        inject,
        render_keys,
        previous: &cache.pages,
        hash_pages: cache.enabled,
        sink,
        targets,
    };
    let (pages, d) = templates::render_site(input);
    diags.extend(d.0);
    let mut rendered_count = 0;
    let count = if targets.is_some() {
        for r in pages {
            rendered_count += usize::from(!r.reused);
            cache
                .pages
                .insert(r.path.clone(), (r.hash, r.contents.clone()));
            files.push(OutputFile {
                path: r.path,
                contents: Contents::Bytes(r.contents),
            });
        }
        cache.pages.len()
    } else {
        let mut next = templates::PageCache::with_capacity(pages.len());
        let count = pages.len();
        for r in pages {
            rendered_count += usize::from(!r.reused);
            if cache.enabled && !r.written {
                next.insert(r.path.clone(), (r.hash, r.contents.clone()));
            }
            if !r.written {
                files.push(OutputFile {
                    path: r.path,
                    contents: Contents::Bytes(r.contents),
                });
            }
        }
        cache.pages = next;
        count
    };
    cache.templates = Some((key.0, key.1, t));
    (count, rendered_count)
}

/// Feeds, static and page-asset files and the highlighting stylesheet, added to `files`;
/// returns the copied files as (output path, source).
fn tail(
    root: &Path,
    (site, rendered): (&Site, &[RenderedDoc]),
    feeds: Vec<crate::templates::context::Rendered>,
    files: &mut Vec<OutputFile>,
    diags: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    files.extend(feeds.into_iter().map(|r| OutputFile {
        path: r.path,
        contents: Contents::Bytes(r.contents),
    }));
    let (statics, d) = static_files(root, &site.config.theme);
    diags.extend(d.0);
    let mut taken: std::collections::HashSet<String> =
        files.iter().map(|f| f.path.clone()).collect();
    let mut copies = Vec::new();
    for s in statics
        .into_iter()
        .chain(site.assets.iter().map(|a| OutputFile {
            path: a.content_path.clone(),
            contents: Contents::Copy(a.source.clone()),
        }))
    {
        if taken.insert(s.path.clone()) {
            if let Contents::Copy(src) = &s.contents {
                copies.push((s.path.clone(), src.clone()));
            }
            files.push(s);
        }
    }
    if rendered.iter().any(|r| r.has_code) {
        let css = markdown::highlight::stylesheet(
            &site.config.markdown.highlight_theme,
            &site.config.markdown.highlight_theme_dark,
        );
        files.push(OutputFile {
            path: "syntax.css".into(),
            contents: Contents::Bytes(css.into_bytes().into()),
        });
    }
    copies
}

/// The highlighter kept from the last compile while its setting still holds, else a new one.
fn reuse_highlighter(kept: Option<(bool, Highlighter)>, code: bool) -> (bool, Highlighter) {
    kept.filter(|h| h.0 == code)
        .unwrap_or_else(|| (code, Highlighter::new(code)))
}
