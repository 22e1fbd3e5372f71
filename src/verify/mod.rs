//! Checks on what the build produced, as opposed to what it read.
//!
//! The output verifier: after rendering, every internal `href`, `src` and `poster` (and each URL of
//! a `srcset`) in every written HTML file, and every URL of the site in the sitemap and feeds, must
//! name a file of the output, and every `#fragment` an `id` on its target page; an `id` used twice
//! on one page is found too. Pages are scanned as they are rendered ([`Scans`], on the rendering
//! threads), so a build that streams pages to disk never holds them. A broken link is an error that
//! names the output page, the link, and where it came from: the page's Markdown (file:line:col) or
//! a template. Theme authors get the same check for their templates. It runs only when the earlier
//! stages found no error: a page with a broken source is not rendered, and every link to it would
//! be reported again.
//!
//! Also `--strict` ([`strict_gate`]): warnings fail the build.

mod bytes;
mod check;
pub mod external;
pub mod hash;
pub mod intern;
pub mod scan;
pub mod translations;
mod twice;

pub use twice::written_twice;

use crate::error::{Diagnostic, Diagnostics, Error, Severity};
use crate::model::Site;
use crate::output::{Contents, Output, OutputFile};
use crate::resolve::Index;
use intern::Interner;
use rayon::prelude::*;
use scan::PageScan;
use std::sync::Mutex;

/// Scans of output files gathered while they are rendered (from any thread), and the links
/// that mean the same on every page, once each.
#[derive(Debug, Default)]
pub struct Scans {
    pages: Mutex<Vec<PageScan>>,
    shared: Interner,
}

impl Scans {
    /// Scans `bytes`, written at output path `path`, if it is a page or feed.
    pub fn add(&self, path: &str, bytes: &[u8]) {
        if is_scanned(path) {
            let s = scan::scan(path, bytes, &self.shared);
            self.pages
                .lock()
                .expect("no scan panics holding the lock")
                .push(s);
        }
    }
}

fn is_scanned(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".xml")
}

/// What [`output`] checks against, besides the files.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// The loaded site (to say which source a broken link came from).
    pub site: &'a Site,
    /// Its index (base path and origin).
    pub index: &'a Index,
    /// The output folder's name, for problems that come from templates.
    pub output_dir: &'a str,
}

/// An [`Output`] that scans every page and feed on its way to `inner` (on the rendering
/// threads) and notes every other file's name, for [`Verifying::finish`].
pub struct Verifying<'a> {
    inner: &'a dyn Output,
    scans: Scans,
    others: Mutex<Vec<String>>,
}

impl<'a> Verifying<'a> {
    /// Verifies what goes to `inner`.
    pub fn new(inner: &'a dyn Output) -> Self {
        Verifying {
            inner,
            scans: Scans::default(),
            others: Mutex::new(Vec::new()),
        }
    }

    /// Verifies the output: every link of every page and feed must name a file that was
    /// written, and every fragment an id on its page. Returns one error per broken link or
    /// repeated id.
    pub fn finish(self, sources: Sources<'_>) -> Vec<Diagnostic> {
        let others = self
            .others
            .into_inner()
            .expect("no put panics holding the lock");
        output(self.scans, &others, sources)
    }
}

impl Output for Verifying<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        match &file.contents {
            Contents::Bytes(b) if is_scanned(&file.path) => self.scans.add(&file.path, b),
            _ => {
                let mut others = self.others.lock().expect("no put panics holding the lock");
                others.push(file.path.clone());
            }
        }
        self.inner.put(file)
    }
}

/// Verifies the output: the pages and feeds in `scans` and the names of the other files.
fn output(scans: Scans, others: &[String], sources: Sources<'_>) -> Vec<Diagnostic> {
    let Sources { site, index, .. } = sources;
    let pages = scans
        .pages
        .into_inner()
        .expect("no scan panics holding the lock");
    let shared = scans.shared.finish();
    let twice = twice::diagnostics(&twice::paths(&pages), site, sources.output_dir);
    let html = |p: &'_ PageScan| p.path.ends_with(".html");
    let out = check::Output {
        files: check::Output::names(
            pages
                .iter()
                .map(|p| check::Target {
                    path: &p.path,
                    page: html(p).then_some(p),
                })
                .chain(others.iter().map(|path| check::Target { path, page: None })),
        ),
        base_path: &index.base_path,
        absolute: index
            .origin
            .contains("://")
            .then(|| format!("{}/", index.origin.trim_end_matches('/'))),
    };
    let problems = check::problems(&pages, &shared, &out);
    drop(out);
    // Freed on the pool, beside each other: one thread took 0.5 % of the build freeing them.
    pages
        .into_par_iter()
        .with_max_len(crate::PIECE)
        .for_each(drop);
    let mut diags = check::diagnostics(problems, site, index, sources.output_dir);
    diags.extend(twice);
    diags
}

/// With `strict`, a build that has warnings fails with them as errors (before anything is
/// written); otherwise the warnings are handed back.
pub fn strict_gate(strict: bool, warnings: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
    if !strict || warnings.is_empty() {
        return Ok(warnings);
    }
    let mut diags = Diagnostics(
        warnings
            .into_iter()
            .map(|d| Diagnostic {
                severity: Severity::Error,
                ..d
            })
            .collect(),
    );
    diags.sort();
    Err(Error::Content(diags))
}
