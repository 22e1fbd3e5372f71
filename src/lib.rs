//! kaisetsu (解説): a static-site generator for explainer microsites.
//!
//! The build is a pipeline of small stages, each a module with one job:
//!
//! ```text
//! load (config + content) → resolve (Index) → markdown (RenderedDoc, in parallel)
//!   → backlinks (cross-checks) → templates (HTML, in parallel) → output (temp folder, swap)
//! ```
//!
//! The CLI (`main.rs`) and the dev server (`serve`) are thin layers over [`build`], [`check`]
//! and [`compile`].

pub mod config;
pub mod date;
pub mod error;
pub mod feeds;
pub mod incremental;
pub mod init;
pub mod keys;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod resolve;
pub mod serve;
pub mod span;
pub mod templates;

use error::{Diagnostic, Diagnostics, Error};
use markdown::highlight::Highlighter;
use output::{Contents, OutputFile};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use templates::context::Injection;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holds `config.toml` and `content/`).
    pub root: PathBuf,
    /// The output folder; `public/` under the root by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
}

/// A compiled site, not yet written anywhere.
#[derive(Debug, Clone, Default)]
pub struct CompiledSite {
    /// Every file of the site.
    pub files: Vec<OutputFile>,
    /// Warnings (errors make [`compile`] fail instead).
    pub warnings: Vec<Diagnostic>,
    /// Number of HTML pages.
    pub pages: usize,
    /// Wall time of each stage, in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
}

/// Times the pipeline's stages one after another.
#[derive(Debug)]
struct Stopwatch {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn new() -> Self {
        Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Records the time since the previous lap as stage `name`.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }
}

/// What a finished build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// Files written in all.
    pub files: usize,
    /// Warnings found.
    pub warnings: Vec<Diagnostic>,
    /// The output folder (None for `check`).
    pub output: Option<PathBuf>,
    /// Wall time.
    pub elapsed: Duration,
    /// Wall time of each stage (writing included for `build`).
    pub stages: Vec<(&'static str, Duration)>,
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
            contents: Contents::Bytes(b.to_vec()),
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

pub use incremental::{CompileCache, Work};

/// Runs every stage but writing: returns the site's files, or every error found.
pub fn compile(opts: &BuildOptions, inject: Injection<'_>) -> Result<CompiledSite, Error> {
    compile_cached(opts, inject, &mut CompileCache::default())
}

/// [`compile`], reusing what `cache` holds from an earlier compile of the same site.
pub fn compile_cached(
    opts: &BuildOptions,
    inject: Injection<'_>,
    cache: &mut CompileCache,
) -> Result<CompiledSite, Error> {
    compile_to(opts, inject, cache, None)
}

/// [`compile_cached`], handing each rendered page to `sink` as soon as it is rendered instead
/// of keeping it in [`CompiledSite::files`] (which then holds only the other files).
pub fn compile_to(
    opts: &BuildOptions,
    inject: Injection<'_>,
    cache: &mut CompileCache,
    sink: Option<templates::PageSink<'_>>,
) -> Result<CompiledSite, Error> {
    let mut clock = Stopwatch::new();
    let root = &opts.root;
    if !root.join("config.toml").is_file() && !root.join("content").is_dir() {
        return Err(Error::usage(format!("{} is not a kaisetsu site: it has no config.toml and no content/ folder", root.display()), "run the command in a site root, pass --root DIR, or create a site with `kaisetsu init DIR`"));
    }
    let mut config = config::load(root).map_err(Error::Content)?;
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    let (site, mut diags, docs_loaded) = load::load_cached(
        root,
        config,
        load::LoadOptions {
            drafts: opts.drafts,
        },
        cache.enabled.then_some(&mut cache.docs),
    );
    clock.lap("load");
    let (index, d) = resolve::resolve(&site);
    diags.extend(d.0);
    clock.lap("resolve");
    let highlighter = Highlighter::new(site.config.markdown.highlight_code);
    let cx = markdown::RenderContext {
        site: &site,
        index: &index,
        highlighter: &highlighter,
    };
    let fingerprint = incremental::fingerprint(&site, &index);
    let render_keys: Vec<u64> = site
        .docs
        .iter()
        .map(|d| incremental::render_key(d, fingerprint))
        .collect();
    // Reusable renderings are moved out of the cache (not cloned) and moved back at the end.
    let mut previous = std::mem::take(&mut cache.rendered);
    let reusable: Vec<Option<markdown::RenderedDoc>> = site
        .docs
        .iter()
        .map(|d| match previous.remove(&d.content_path) {
            Some((key, r)) if key == render_keys[d.id] && !d.broken => Some(r),
            _ => None,
        })
        .collect();
    drop(previous);
    let rendered: Vec<(markdown::RenderedDoc, bool)> = site
        .docs
        .par_iter()
        .zip(reusable.into_par_iter())
        .map(|(d, r)| match r {
            Some(r) => (r, false),
            None if d.broken => (Default::default(), false),
            None => (markdown::render(d, cx), true),
        })
        .collect();
    clock.lap("markdown");
    let markdown_rendered = rendered.iter().filter(|r| r.1).count();
    for (r, _) in &rendered {
        diags.extend(r.diagnostics.iter().cloned());
    }
    let rendered: Vec<markdown::RenderedDoc> = rendered.into_iter().map(|(r, _)| r).collect();
    let back = resolve::backlinks::compute(&site, &index, &rendered, &mut diags);
    clock.lap("backlinks");
    let mut files: Vec<OutputFile> = Vec::new();
    let key = (site.config.theme.clone(), index.base_path.clone());
    let loaded = match cache.templates.take() {
        Some((theme, base, t)) if (&theme, &base) == (&key.0, &key.1) => Ok(t),
        _ => {
            cache.pages.clear();
            templates::load(root, &site.config.theme, &index.base_path)
        }
    };
    let mut pages_rendered = 0;
    let mut page_count = 0;
    match loaded {
        Ok(t) => {
            let input = templates::RenderInput {
                site: &site,
                index: &index,
                rendered: &rendered,
                back: &back,
                templates: &t,
                inject,
                render_keys: &render_keys,
                previous: &cache.pages,
                hash_pages: cache.enabled,
                sink,
            };
            let (pages, d) = templates::render_site(input);
            diags.extend(d.0);
            clock.lap("templates");
            let mut next = templates::PageCache::with_capacity(pages.len());
            page_count = pages.len();
            for r in pages {
                pages_rendered += usize::from(!r.reused);
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
            cache.templates = Some((key.0, key.1, t));
        }
        Err(d) => diags.extend(d.0),
    }
    cache.last = Work {
        docs_loaded,
        markdown_rendered,
        pages_rendered,
        pages: page_count,
    };
    let pages = page_count;
    files.extend(
        feeds::generate(&site, &index)
            .into_iter()
            .map(|r| OutputFile {
                path: r.path,
                contents: Contents::Bytes(r.contents),
            }),
    );
    let (statics, d) = static_files(root, &site.config.theme);
    diags.extend(d.0);
    let mut taken: std::collections::HashSet<String> =
        files.iter().map(|f| f.path.clone()).collect();
    for s in statics
        .into_iter()
        .chain(site.assets.iter().map(|a| OutputFile {
            path: a.content_path.clone(),
            contents: Contents::Copy(a.source.clone()),
        }))
    {
        if taken.insert(s.path.clone()) {
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
            contents: Contents::Bytes(css.into_bytes()),
        });
    }
    if cache.enabled {
        cache.rendered = site
            .docs
            .iter()
            .zip(rendered)
            .filter(|(d, _)| !d.broken)
            .map(|(d, r)| (d.content_path.clone(), (render_keys[d.id], r)))
            .collect();
    }
    diags.sort();
    if diags.has_errors() {
        return Err(Error::Content(diags));
    }
    clock.lap("feeds, assets");
    Ok(CompiledSite {
        files,
        warnings: diags.0,
        pages,
        stages: clock.laps,
    })
}

/// The output folder for `opts`, refused if it would overwrite sources.
pub fn output_dir(opts: &BuildOptions) -> Result<PathBuf, Error> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Error::io(&opts.root, e))?;
    let out = match &opts.output {
        Some(o) if o.is_absolute() => o.clone(),
        Some(o) => std::env::current_dir()
            .map_err(|e| Error::io(".", e))?
            .join(o),
        None => root.join("public"),
    };
    // Normalise without requiring the folder to exist.
    let mut norm = PathBuf::new();
    for c in out.components() {
        match c {
            std::path::Component::ParentDir => {
                norm.pop();
            }
            std::path::Component::CurDir => {}
            c => norm.push(c),
        }
    }
    let out = match (norm.parent(), norm.file_name()) {
        (Some(p), Some(n)) if p.exists() => p.canonicalize().map_err(|e| Error::io(p, e))?.join(n),
        _ => norm,
    };
    let help = "choose a folder of its own for the output, such as public/";
    if root.starts_with(&out) {
        return Err(Error::usage(
            format!(
                "refusing to build into {}: it is the site root or contains it",
                out.display()
            ),
            help,
        ));
    }
    for src in ["content", "static", "templates", "themes", "config.toml"] {
        if out.starts_with(root.join(src)) {
            return Err(Error::usage(
                format!(
                    "refusing to build into {}: it is inside the site's {src}",
                    out.display()
                ),
                help,
            ));
        }
    }
    if out.is_file() {
        return Err(Error::usage(
            format!("refusing to build into {}: it is a file", out.display()),
            help,
        ));
    }
    if out.is_dir() {
        let entries: Vec<_> = std::fs::read_dir(&out)
            .map_err(|e| Error::io(&out, e))?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let visible: Vec<_> = entries.iter().filter(|n| !n.starts_with('.')).collect();
        let looks_built = entries
            .iter()
            .any(|n| n == "index.html" || n == "sitemap.xml" || n == "404.html");
        if !visible.is_empty() && !looks_built {
            return Err(Error::usage(
                format!(
                    "refusing to replace {}: it holds files that kaisetsu did not build",
                    out.display()
                ),
                "the output folder is replaced on every build; empty it or choose another --output",
            ));
        }
    }
    Ok(out)
}

/// Builds the site into its output folder. A failed build leaves the output untouched.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let out = output_dir(opts)?;
    // Pages stream into a temporary sibling of the output folder as they are rendered; a failed
    // build drops it and leaves the output folder as it was.
    let staging = output::Staging::new(&out)?;
    let sink = |path: &str, bytes: &[u8]| staging.write_bytes(path, bytes);
    let site = compile_to(
        opts,
        Injection::default(),
        &mut CompileCache::default(),
        Some(&sink),
    )?;
    let files = site.files.len() + site.pages;
    let mut clock = Stopwatch::new();
    staging.write_all(site.files)?;
    staging.commit()?;
    clock.lap("write rest, swap");
    let mut stages = site.stages;
    stages.extend(clock.laps);
    Ok(BuildReport {
        pages: site.pages,
        files,
        warnings: site.warnings,
        output: Some(out),
        elapsed: start.elapsed(),
        stages,
    })
}

/// Everything [`build`] does except writing.
pub fn check(opts: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let site = compile(opts, Injection::default())?;
    Ok(BuildReport {
        pages: site.pages,
        files: site.files.len(),
        warnings: site.warnings,
        output: None,
        elapsed: start.elapsed(),
        stages: site.stages,
    })
}
