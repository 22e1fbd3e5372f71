//! The compile pipeline behind [`crate::compile`] and its incremental forms: load → resolve →
//! markdown → links → templates and feeds → copied files, every file handed to an
//! [`Output`] as soon as it is ready.
//!
//! This module only sequences the stages. Each stage is a pure function of what the earlier
//! ones produced; what an incremental compile may reuse is decided by [`crate::incremental`]
//! (the quick path for body-only edits, rendered Markdown by render key, pages by context hash).

mod assets;
mod front;

use crate::error::{Diagnostic, Diagnostics, Error};
use crate::incremental::{self, CachedTemplates, CompileCache, LoadKey, Prepared, Snapshot, Work};
use crate::links::Checked;
use crate::options::BuildOptions;
use crate::output::{Contents, Output, OutputFile};
use crate::stopwatch::Stopwatch;
use crate::templates::{Contexts, PageJob, TemplateInput, Templates};
use crate::{feeds, templates};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What one run of the pipeline did (its files went to the [`Output`]).
pub(crate) struct Piped {
    /// Only the files this compile redid went to the output; every other file is as the last
    /// compile made it.
    pub(crate) partial: bool,
    /// Warnings (errors fail the run).
    pub(crate) warnings: Vec<Diagnostic>,
    /// Pages in the site.
    pub(crate) pages: usize,
    /// Wall time of each stage.
    pub(crate) stages: Vec<(&'static str, std::time::Duration)>,
    /// The changed paths the compile was told about.
    pub(crate) hint: Option<HashSet<PathBuf>>,
}

/// Runs the pipeline into `out`.
pub(crate) fn run(
    opts: &BuildOptions,
    cache: &mut CompileCache,
    out: &dyn Output,
) -> Result<Piped, Error> {
    let result = run_inner(opts, cache, out);
    if result.is_err() {
        // Whatever the hint said is consumed: read every copied file again next time.
        cache.copies.clear();
    }
    result
}

fn check_root(root: &Path) -> Result<(), Error> {
    if root.join("config.toml").is_file() || root.join("content").is_dir() {
        return Ok(());
    }
    Err(Error::usage(
        format!(
            "{} is not a kaisetsu site: it has no config.toml and no content/ folder",
            root.display()
        ),
        "run the command in a site root, pass --root DIR, or create a site with `kaisetsu init DIR`",
    ))
}

fn run_inner(
    opts: &BuildOptions,
    cache: &mut CompileCache,
    out: &dyn Output,
) -> Result<Piped, Error> {
    check_root(&opts.root)?;
    let mut clock = Stopwatch::new();
    let hint = cache.hint.take();
    let key = LoadKey {
        base_url: opts.base_url.clone(),
        drafts: opts.drafts,
    };
    let mut prepared = front::prepare(opts, cache, hint.as_ref(), &key, &mut clock)?;
    let checked = check_links(&mut prepared);
    clock.lap("backlinks");
    let partial = prepared.targets.is_some();
    let written = if cache.enabled {
        write_site(opts, cache, &mut prepared, &checked, out, &mut clock)?
    } else {
        // The output verifier (issue 16) sees every file of a plain build or check.
        let verifying = crate::verify::Verifying::new(out);
        let written = write_site(opts, cache, &mut prepared, &checked, &verifying, &mut clock)?;
        verify(verifying, &mut prepared, &mut clock);
        written
    };
    let Written {
        pages,
        pages_rendered,
        copies,
    } = written;
    cache.last = Work {
        pages,
        pages_rendered,
        targeted: partial,
        ..prepared.work
    };
    let diags = std::mem::take(&mut prepared.diags);
    let ok = finish(cache, prepared, key, checked, copies, diags.has_errors());
    let mut diags = diags;
    diags.sort();
    if !ok {
        return Err(Error::Content(diags));
    }
    clock.lap("finish");
    Ok(Piped {
        partial,
        warnings: diags.0,
        pages,
        stages: clock.laps,
        hint,
    })
}

/// What writing the site did.
struct Written {
    /// Pages in the site.
    pages: usize,
    /// Pages rendered (not reused).
    pages_rendered: usize,
    /// Copied files: (output path, source).
    copies: Vec<(String, PathBuf)>,
}

/// Renders the pages and feeds and writes them, the static files and the assets to `out`.
fn write_site(
    opts: &BuildOptions,
    cache: &mut CompileCache,
    prepared: &mut Prepared,
    checked: &Checked,
    out: &dyn Output,
    clock: &mut Stopwatch,
) -> Result<Written, Error> {
    let done = match load_templates(&opts.root, prepared, cache) {
        Ok(templates) => {
            let done = render(cache, prepared, checked, &templates, out);
            keep_templates(cache, prepared, templates);
            done?
        }
        Err(diags) => Rendered {
            pages: PagesDone::default(),
            feeds: None,
            diags,
        },
    };
    prepared.diags.extend(done.diags.0);
    clock.lap("templates, feeds, search");
    let copies = match done.feeds {
        Some(feeds) => assets::write(&opts.root, prepared, feeds, done.pages.paths, out)?,
        None => assets::write_quick(prepared, out)?,
    };
    clock.lap("assets");
    Ok(Written {
        pages: done.pages.pages,
        pages_rendered: done.pages.rendered,
        copies,
    })
}

/// Checks every link of the written output, unless the sources already have errors (pages of
/// broken sources are missing, and every link to them would be reported again).
fn verify(verifying: crate::verify::Verifying<'_>, prepared: &mut Prepared, clock: &mut Stopwatch) {
    if prepared.diags.has_errors() {
        return;
    }
    let sources = crate::verify::Sources {
        site: &prepared.site,
        index: &prepared.index,
        output_dir: "public",
    };
    prepared.diags.extend(verifying.finish(sources));
    clock.lap("verify output");
}

/// Backlinks and reference checks: the last compile's, rechecked for the edited documents,
/// when the quick path says only those can have changed; else computed afresh.
fn check_links(prepared: &mut Prepared) -> Checked {
    let (site, index, rendered) = (&prepared.site, &prepared.index, &prepared.rendered);
    let checked = match prepared.rechecks.take() {
        Some(mut r) => {
            r.checked.recheck(site, rendered, &r.docs);
            r.checked
        }
        None => crate::links::check(site, index, rendered),
    };
    prepared.diags.extend(checked.diagnostics().cloned());
    checked
}

/// Keeps what the next compile can reuse (when the cache is enabled); returns whether the
/// compile succeeded.
fn finish(
    cache: &mut CompileCache,
    prepared: Prepared,
    options: LoadKey,
    checked: Checked,
    copies: Vec<(String, PathBuf)>,
    failed: bool,
) -> bool {
    let ok = !failed;
    if !cache.enabled {
        discard(prepared, checked);
        return ok;
    }
    cache.highlighter = Some(prepared.highlighter);
    cache.snapshot = Some(Snapshot {
        options,
        walk_diags: prepared.kept.walk_diags,
        resolve_diags: prepared.kept.resolve_diags,
        fingerprint: prepared.keys.fingerprint,
        render_keys: prepared.keys.render_keys,
        rendered: prepared.rendered,
        copies,
        checked,
        ok,
        site: prepared.site,
        index: prepared.index,
    });
    ok
}

/// Frees a compile that nothing keeps on a thread of its own, so that the build returns
/// without waiting: freeing a bilingual 10,000-post site's documents, rendered pages and
/// backlinks took one thread 60 ms at the end of the build while the other sat idle. When the
/// process ends first (the CLI), nothing is left to free.
fn discard(prepared: Prepared, checked: Checked) {
    let freeing = std::thread::Builder::new().name("kaisetsu-free".into());
    if let Err(e) = freeing.spawn(move || drop((prepared, checked))) {
        // No thread to spare: the data was freed with the closure when spawning failed.
        drop(e);
    }
}

/// The templates for the site's theme and base path: the cache's, or parsed now.
fn load_templates(
    root: &Path,
    prepared: &Prepared,
    cache: &mut CompileCache,
) -> Result<Templates, Diagnostics> {
    let (theme, base_path) = (&prepared.site.config.theme, &prepared.index.base_path);
    if let Some(t) = cache.take_templates(theme, base_path) {
        return Ok(t);
    }
    cache.pages.clear();
    templates::load(root, theme, base_path)
}

/// What the template stage made: the pages and the search index (written to the output), the
/// feeds (on a full compile) and what they reported.
struct Rendered {
    pages: PagesDone,
    feeds: Option<Vec<OutputFile>>,
    diags: Diagnostics,
}

/// Renders the pages and, alongside (they depend on no page), the feeds on a full compile and
/// the search index on every compile (the quick path's included: it is a function of every
/// page's text).
fn render(
    cache: &mut CompileCache,
    prepared: &Prepared,
    checked: &Checked,
    templates: &Templates,
    out: &dyn Output,
) -> Result<Rendered, Error> {
    let (site, index) = (&prepared.site, &prepared.index);
    let full = prepared.targets.is_none();
    // The dev server can take the index later (`search_changes`): not on a full compile.
    let defer = cache.defer_search && !full;
    cache.search_pending = defer;
    let (pages, (feeds, search)) = rayon::join(
        || render_pages(cache, prepared, checked, templates, out),
        || {
            let feeds = full.then(|| feeds::generate(site, &prepared.rendered, index, templates));
            let search = if defer {
                Ok(())
            } else {
                crate::search::build(site, index, &prepared.rendered, out)
            };
            (feeds, search)
        },
    );
    search?;
    let (pages, mut diags) = pages?;
    if full {
        let default = &index.default_lang;
        for view in &index.views {
            diags.extend(templates.strings.missing(&view.lang, default));
        }
    }
    let feeds = feeds.map(|(files, d)| {
        diags.extend(d.0);
        files
    });
    Ok(Rendered {
        pages,
        feeds,
        diags,
    })
}

/// Keeps the templates for the next compile (when the cache is enabled).
fn keep_templates(cache: &mut CompileCache, prepared: &Prepared, templates: Templates) {
    if cache.enabled {
        let (theme, base_path) = (&prepared.site.config.theme, &prepared.index.base_path);
        cache.templates = Some(CachedTemplates {
            theme: theme.clone(),
            base_path: base_path.clone(),
            templates,
        });
    }
}

/// Renders the pages (all, or only the quick path's targets) into `out`.
fn render_pages(
    cache: &mut CompileCache,
    prepared: &Prepared,
    checked: &Checked,
    templates: &Templates,
    out: &dyn Output,
) -> Result<(PagesDone, Diagnostics), Error> {
    let input = TemplateInput {
        site: &prepared.site,
        index: &prepared.index,
        rendered: &prepared.rendered,
        back: &checked.back,
        templates,
    };
    let cx = Contexts::new(input);
    let mut jobs = cx.jobs();
    jobs.sort_by_cached_key(|j| std::cmp::Reverse(cx.weight(j)));
    let mut diags = Diagnostics::default();
    let (pages, rendered) = if cache.enabled {
        render_cached(&cx, &jobs, cache, prepared, &mut diags, out)?
    } else {
        render_all(&cx, &jobs, &mut diags, out)
    };
    let paths = jobs.into_iter().map(|j| j.path).collect();
    let done = PagesDone {
        pages,
        rendered,
        paths,
    };
    Ok((done, diags))
}

/// What rendering the pages did.
#[derive(Default)]
struct PagesDone {
    /// Pages in the site.
    pages: usize,
    /// Pages rendered (not reused).
    rendered: usize,
    /// Every page's output path.
    paths: HashSet<String>,
}

/// Renders every page into `out` (a plain build: nothing is kept).
fn render_all(
    cx: &Contexts<'_>,
    jobs: &[PageJob<'_>],
    diags: &mut Diagnostics,
    out: &dyn Output,
) -> (usize, usize) {
    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .with_max_len(crate::PIECE)
        .map(|job| {
            let html = cx.render(job, cx.context(job)?)?;
            let file = OutputFile {
                path: job.path.clone(),
                contents: Contents::Bytes(html.into()),
            };
            out.put(file).map_err(|e| {
                let at = crate::error::Location::file(&job.path);
                Diagnostic::error(at, format!("cannot write the page: {e}"))
            })
        })
        .collect();
    diags.0.extend(results.into_iter().filter_map(Result::err));
    (jobs.len(), jobs.len())
}

/// Renders the pages that can have changed, reusing the others, into `out` and the cache.
fn render_cached(
    cx: &Contexts<'_>,
    jobs: &[PageJob<'_>],
    cache: &mut CompileCache,
    prepared: &Prepared,
    diags: &mut Diagnostics,
    out: &dyn Output,
) -> Result<(usize, usize), Error> {
    let targets = prepared.targets.as_ref();
    let keys = &prepared.keys.render_keys;
    let (pages, d) = incremental::pages::render(cx, jobs, targets, &cache.pages, keys);
    diags.extend(d.0);
    let rendered = pages.iter().filter(|p| !p.reused).count();
    if targets.is_none() {
        cache.pages = incremental::PageCache::with_capacity(pages.len());
    }
    for p in pages {
        let contents = Contents::Bytes(p.page.bytes.clone());
        out.put(OutputFile {
            path: p.path.clone(),
            contents,
        })?;
        cache.pages.insert(p.path, p.page);
    }
    Ok((cache.pages.len(), rendered))
}
