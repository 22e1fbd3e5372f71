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
//! and [`compile`]. Each stage is a module with a pure function from what the earlier stages
//! produced to its own result; `incremental` alone decides what a compile may reuse, and
//! `pipeline` runs them in order. `tests/architecture.rs` holds the layering.

mod byte_classes;
pub mod config;
pub mod date;
pub mod error;
pub mod feeds;
pub mod html;
pub mod import;
pub mod incremental;
pub mod init;
pub mod keys;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod options;
pub mod output;
mod pipeline;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod span;
mod stopwatch;
pub mod templates;
#[cfg(test)]
mod testing;
pub mod verify;

use error::{Diagnostic, Error};
pub use options::BuildOptions;
use output::{Contents, OutputFile};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use stopwatch::Stopwatch;

/// The most items a parallel loop over pages runs in one piece (`with_max_len`). Rayon splits
/// a loop into a few large pieces and splits further only what another thread steals: a piece
/// one thread took whole cannot be shared, so when the other thread was busy elsewhere (the
/// feeds and the search index run beside the pages) it sat idle at the end while the first
/// worked through its piece alone, 0.3–0.6 s of a bilingual 10,000-post build. Small pieces
/// can always be shared; a split costs microseconds.
pub(crate) const PIECE: usize = 16;

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

pub use incremental::{CompileCache, SiteChanges, Work};

/// Runs every stage but writing: returns the site's files, or every error found.
pub fn compile(opts: &BuildOptions) -> Result<CompiledSite, Error> {
    compile_cached(opts, &mut CompileCache::default())
}

/// [`compile`], reusing what `cache` holds from an earlier compile of the same site (and what
/// [`CompileCache::note_changes`] said changed since).
pub fn compile_cached(
    opts: &BuildOptions,
    cache: &mut CompileCache,
) -> Result<CompiledSite, Error> {
    if cache.enabled {
        let changes = compile_changes(opts, cache)?;
        let outputs = cache.outputs.iter().flatten();
        let files = outputs.map(|(path, b)| OutputFile {
            path: path.clone(),
            contents: Contents::Bytes(b.clone()),
        });
        return Ok(CompiledSite {
            files: files.collect(),
            warnings: changes.warnings,
            pages: changes.pages,
            stages: changes.stages,
        });
    }
    let out = output::MemoryOutput::default();
    let piped = pipeline::run(opts, cache, &out)?;
    Ok(CompiledSite {
        files: out.into_files(),
        warnings: piped.warnings,
        pages: piped.pages,
        stages: piped.stages,
    })
}

/// [`compile_cached`], returning only what changed since the last successful compile with
/// `cache` (every file the first time): what the dev server needs to update what it serves.
/// Copied files are read only when they may have changed.
pub fn compile_changes(
    opts: &BuildOptions,
    cache: &mut CompileCache,
) -> Result<SiteChanges, Error> {
    let out = output::MemoryOutput::default();
    let piped = pipeline::run(opts, cache, &out)?;
    let mut clock = Stopwatch::new();
    let files = out.into_files();
    let delta = incremental::outputs::changes(cache, files, piped.partial, piped.hint.as_ref())
        .inspect_err(|_| {
            // The pages cached by this compile are not what is served: compare them all next
            // time, and read every copied file again.
            if let Some(s) = cache.snapshot.as_mut() {
                s.ok = false;
            }
            cache.copies.clear();
        })?;
    clock.lap("compare");
    let mut stages = piped.stages;
    stages.extend(clock.laps);
    Ok(SiteChanges {
        files: delta.files,
        removed: delta.removed,
        complete: delta.complete,
        warnings: piped.warnings,
        pages: piped.pages,
        stages,
    })
}

/// The search index the last [`compile_changes`] left out (see
/// [`CompileCache::defer_search`]), as changes to what it returned; `None` when nothing was
/// left out or that compile failed.
pub fn search_changes(cache: &mut CompileCache) -> Result<Option<SiteChanges>, Error> {
    if !std::mem::take(&mut cache.search_pending) {
        return Ok(None);
    }
    let Some(snap) = cache.snapshot.as_ref().filter(|s| s.ok) else {
        return Ok(None);
    };
    let mut clock = Stopwatch::new();
    let files = search::files(&snap.site, &snap.index, &snap.rendered)?;
    clock.lap("search");
    let delta = incremental::outputs::changes(cache, files, true, None)?;
    Ok(Some(SiteChanges {
        files: delta.files,
        removed: delta.removed,
        complete: false,
        warnings: Vec::new(),
        pages: 0,
        stages: clock.laps,
    }))
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
    let counted = output::Counted::new(&staging);
    let piped = pipeline::run(opts, &mut CompileCache::default(), &counted)?;
    let files = counted.count();
    let warnings = verify::strict_gate(opts.strict, piped.warnings)?;
    let mut clock = Stopwatch::new();
    staging.commit()?;
    clock.lap("swap");
    let mut stages = piped.stages;
    stages.extend(clock.laps);
    Ok(BuildReport {
        pages: piped.pages,
        files,
        warnings,
        output: Some(out),
        elapsed: start.elapsed(),
        stages,
    })
}

/// Everything [`build`] does except writing.
pub fn check(opts: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let site = compile(opts)?;
    let warnings = verify::strict_gate(opts.strict, site.warnings)?;
    Ok(BuildReport {
        pages: site.pages,
        files: site.files.len(),
        warnings,
        output: None,
        elapsed: start.elapsed(),
        stages: site.stages,
    })
}
