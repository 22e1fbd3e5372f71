//! The rebuild driver: compiles what changed after each batch of the watcher, swaps the
//! changed files into what is served, and says what browsers should do.

use super::{watch, Notice, Shared};
use crate::error::{Diagnostic, Error, Location};
use crate::{BuildOptions, SiteChanges};
use axum::body::Bytes;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The rebuild driver's fixed inputs.
pub(super) struct Builder {
    pub(super) opts: BuildOptions,
    pub(super) compiled: crate::CompileCache,
    pub(super) quiet: bool,
    pub(super) timings: bool,
}

/// Applies a compile's changes to the served files; returns the paths that changed.
fn apply(
    served: &mut HashMap<String, Bytes>,
    files: Vec<(String, Bytes)>,
    removed: Vec<String>,
    complete: bool,
) -> Vec<String> {
    if complete {
        let next: HashMap<String, Bytes> = files.into_iter().collect();
        let changed = next
            .iter()
            .filter(|(k, v)| served.get(*k) != Some(*v))
            .map(|(k, _)| k.clone())
            .chain(served.keys().filter(|k| !next.contains_key(*k)).cloned())
            .collect();
        *served = next;
        return changed;
    }
    let mut changed = Vec::with_capacity(files.len() + removed.len());
    for (path, bytes) in files {
        changed.push(path.clone());
        served.insert(path, bytes);
    }
    for path in removed {
        served.remove(&path);
        changed.push(path);
    }
    changed
}

pub(super) fn print_stages(stages: &[(&str, Duration)], total: Duration) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let stages: Vec<String> = stages
        .iter()
        .map(|(name, took)| format!("{name} {:.1} ms", ms(*took)))
        .collect();
    eprintln!(
        "stages: {} (rebuild {:.1} ms)",
        stages.join(", "),
        ms(total)
    );
}

fn as_diagnostics(e: Error) -> Vec<Diagnostic> {
    match e {
        Error::Content(d) => d.0.into_iter().filter(|d| d.is_error()).collect(),
        other => vec![Diagnostic::error(Location::file(""), other.to_string())],
    }
}

impl Builder {
    /// Whether the last rebuild left the search index out.
    pub(super) fn search_pending(&self) -> bool {
        self.compiled.search_pending()
    }

    /// Swaps in the search index a quick rebuild left out (it follows the reload notice: a
    /// reader sees the edited page first). Browsers fetch the index when they search, so no
    /// notice is sent.
    pub(super) fn update_search(&mut self, shared: &Shared) {
        let start = Instant::now();
        let site = match crate::search_changes(&mut self.compiled) {
            Ok(Some(site)) => site,
            Ok(None) => return,
            Err(e) => {
                eprintln!("search index not updated: {e}");
                return;
            }
        };
        let mut st = shared.state.write().unwrap_or_else(|e| e.into_inner());
        let files = site.files.into_iter().map(|(p, b)| {
            let b = super::with_client(&p, b);
            (p, b)
        });
        let changed = apply(&mut st.files, files.collect(), site.removed, false);
        drop(st);
        if self.timings {
            print_stages(&site.stages, start.elapsed());
        }
        if !self.quiet {
            eprintln!(
                "search index updated in {:.0} ms: {} file(s) changed",
                start.elapsed().as_secs_f64() * 1000.0,
                changed.len()
            );
        }
    }

    /// Compiles what changed since the last compile (the whole site the first time).
    pub(super) fn compile(&mut self) -> Result<SiteChanges, Vec<Diagnostic>> {
        crate::compile_changes(&self.opts, &mut self.compiled).map_err(as_diagnostics)
    }

    /// Rebuilds after `batch`, swaps the changed files in on success and says what browsers
    /// should do.
    pub(super) fn rebuild(&mut self, batch: watch::Batch, shared: &Shared) -> Option<Notice> {
        let start = Instant::now();
        if batch.kinds.iter().any(|k| k.is_global()) {
            self.compiled.clear();
        }
        self.compiled.note_changes(batch.paths);
        let result = self.compile();
        let mut st = shared.state.write().unwrap_or_else(|e| e.into_inner());
        st.builds += 1;
        match result {
            Ok(site) => {
                let was_failing = !st.errors.is_empty();
                let files = site.files.into_iter().map(|(p, b)| {
                    let b = super::with_client(&p, b);
                    (p, b)
                });
                let files = files.collect();
                let mut changed = apply(&mut st.files, files, site.removed, site.complete);
                changed.sort();
                st.errors.clear();
                drop(st);
                if self.timings {
                    print_stages(&site.stages, start.elapsed());
                }
                if !self.quiet {
                    let w = self.compiled.last;
                    eprintln!(
                        "rebuilt in {:.0} ms: {} file(s) changed ({} document(s) parsed, {} rendered, {} of {} pages re-rendered)",
                        start.elapsed().as_secs_f64() * 1000.0,
                        changed.len(),
                        w.docs_loaded,
                        w.markdown_rendered,
                        w.pages_rendered,
                        w.pages
                    );
                }
                if was_failing {
                    Some(Notice::Reload(vec!["*".into()]))
                } else if changed.is_empty() {
                    None
                } else if changed.iter().all(|p| p.ends_with(".css")) {
                    Some(Notice::Css(changed))
                } else {
                    Some(Notice::Reload(changed))
                }
            }
            Err(diags) => {
                st.errors = diags.clone();
                drop(st);
                if !self.quiet {
                    for d in &diags {
                        eprintln!("{d}");
                    }
                    eprintln!("rebuild failed; still serving the last good site");
                }
                Some(Notice::Errors(diags))
            }
        }
    }
}
