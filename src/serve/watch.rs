//! Watching the site's sources for `serve`: a notify watcher over the site root, a debounce
//! that folds an editor's burst of events into one batch, and [`classify`], the pure function
//! that says what a changed path means ([`ChangeKind`]). Rebuilding is left to `serve::mod`.

use anyhow::Context as _;
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// What kind of source a changed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A file under `content/` (Markdown or a co-located asset).
    Content,
    /// A file under `static/`.
    Static,
    /// A template or theme file: every page may change.
    Template,
    /// `config.toml`: every page may change.
    Config,
}

impl ChangeKind {
    /// True when the change may affect every page.
    pub fn is_global(self) -> bool {
        matches!(self, ChangeKind::Template | ChangeKind::Config)
    }
}

/// True for names that editors write next to the real file and that never affect the site:
/// everything [`crate::load::walk::is_ignored_name`] skips plus a few editor-specific temp names.
pub fn is_editor_temp(name: &str) -> bool {
    crate::load::walk::is_ignored_name(name)
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name.ends_with(".crswap")
        || name.ends_with(".kate-swp")
        || name.ends_with(".part")
        || name.ends_with(".orig")
        || name.ends_with(".swpx")
}

/// Classifies `relative`, a changed path relative to the site root. `None` means the change
/// is irrelevant (output folders, editor temp files, hidden files, anything outside the sources).
pub fn classify(relative: &Path) -> Option<ChangeKind> {
    let parts: Vec<&str> = relative
        .components()
        .map(|c| match c {
            Component::Normal(n) => n.to_str(),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let (first, _) = parts.split_first()?;
    if parts.iter().any(|p| is_editor_temp(p)) {
        return None;
    }
    match (*first, parts.len()) {
        ("config.toml", 1) => Some(ChangeKind::Config),
        ("content", _) => Some(ChangeKind::Content),
        ("static", _) => Some(ChangeKind::Static),
        ("templates" | "themes" | "i18n", _) => Some(ChangeKind::Template),
        _ => None,
    }
}

/// A debounced batch of changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    /// The kinds of source that changed, sorted and deduplicated.
    pub kinds: Vec<ChangeKind>,
    /// The changed paths (absolute), or `None` when the watcher could not say (an error, a
    /// rescan after its queue overflowed, an event without paths).
    pub paths: Option<std::collections::BTreeSet<PathBuf>>,
}

impl Batch {
    fn add(&mut self, (kinds, paths): (Vec<ChangeKind>, Option<Vec<PathBuf>>)) {
        self.kinds.extend(kinds);
        match (paths, self.paths.as_mut()) {
            (Some(p), Some(all)) => all.extend(p),
            (None, _) => self.paths = None,
            (Some(_), None) => {}
        }
    }

    fn uncertain(&mut self) {
        self.kinds.push(ChangeKind::Content);
        self.paths = None;
    }
}

/// The folders below the root that are watched recursively (when they exist).
pub const WATCHED_DIRS: [&str; 5] = ["content", "templates", "static", "themes", "i18n"];

/// A running notify watcher and the channel it reports into.
///
/// The debounce ([`SourceWatcher::next_batch`]) is our own, not `notify-debouncer-full`'s,
/// because that crate was measured slower. It holds every event until the event itself is
/// `timeout` old, checking on a tick (every 5 ms for a 20 ms timeout, from a thread that
/// wakes even when nothing changes), and hands over what has aged on each tick, so one save
/// can still arrive in two pieces and a loop like ours is needed on top anyway. Put in place of the raw watcher (timeout 20 ms, with this loop's quiet
/// time cut to 6 ms to join the pieces), it passed the save-storm tests (`serve_http`,
/// `serve_load`) but `cargo bench --bench serve_latency` (save → SSE reload, median of two runs
/// each, 2-core VM) went from 21.3–21.5 to 28.6–29.0 ms on the bundled site, from 21.6–21.8 to
/// 30.0–30.2 ms on 1,000 pages and from 28.4–30.7 to 36.8–38.8 ms on 10,000 pages. The loop
/// below starts its 20 ms window at the first relevant event and never waits past 250 ms.
pub(crate) struct SourceWatcher {
    root: PathBuf,
    watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    watched: Vec<PathBuf>,
}

impl SourceWatcher {
    /// Watches `root` (non-recursively, for `config.toml` and new top-level folders) and each of
    /// [`WATCHED_DIRS`] that exists (recursively).
    pub(crate) fn new(root: &Path) -> anyhow::Result<Self> {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |ev| {
            let _ = tx.send(ev);
        })
        .context("could not start the file watcher")?;
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("could not watch {}", root.display()))?;
        let mut w = SourceWatcher {
            root: root.to_path_buf(),
            watcher,
            rx,
            watched: Vec::new(),
        };
        w.watch_new_dirs();
        Ok(w)
    }

    /// Starts watching any of [`WATCHED_DIRS`] that appeared since the last call.
    fn watch_new_dirs(&mut self) {
        for d in WATCHED_DIRS {
            let p = self.root.join(d);
            if p.is_dir() && !self.watched.contains(&p) {
                if self.watcher.watch(&p, RecursiveMode::Recursive).is_ok() {
                    self.watched.push(p);
                }
            } else if !p.is_dir() {
                if self.watched.contains(&p) {
                    let _ = self.watcher.unwatch(&p);
                }
                self.watched.retain(|w| w != &p);
            }
        }
    }

    /// The kinds of source `ev` touches and its relevant paths (`None`: unknown paths).
    fn relevant(&self, ev: &notify::Event) -> (Vec<ChangeKind>, Option<Vec<PathBuf>>) {
        if let EventKind::Access(a) = ev.kind {
            if !matches!(
                a,
                notify::event::AccessKind::Close(notify::event::AccessMode::Write)
            ) {
                return (Vec::new(), Some(Vec::new()));
            }
        }
        if ev.need_rescan() || ev.paths.is_empty() {
            return (vec![ChangeKind::Content], None);
        }
        let (kinds, paths) = ev
            .paths
            .iter()
            .filter_map(|p| Some((classify(p.strip_prefix(&self.root).ok()?)?, p.clone())))
            .unzip();
        (kinds, Some(paths))
    }

    /// Blocks until a relevant change arrives, then gathers events until `quiet` passes with
    /// none (or `max` since the first), and returns what they changed; with `idle`, returns an
    /// empty batch once nothing has changed for that long.
    /// Returns `None` when `stop` is set or the watcher is gone.
    pub(crate) fn next_batch(
        &mut self,
        quiet: Duration,
        max: Duration,
        idle: Option<Duration>,
        stop: &AtomicBool,
    ) -> Option<Batch> {
        let poll = Duration::from_millis(50);
        let mut batch = Batch {
            kinds: Vec::new(),
            paths: Some(Default::default()),
        };
        let waiting = Instant::now();
        while batch.kinds.is_empty() {
            if stop.load(Ordering::SeqCst) {
                return None;
            }
            if idle.is_some_and(|d| waiting.elapsed() >= d) {
                return Some(batch);
            }
            match self.rx.recv_timeout(poll) {
                Ok(Ok(ev)) => batch.add(self.relevant(&ev)),
                Ok(Err(_)) => batch.uncertain(),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        let first = Instant::now();
        loop {
            let left = max.saturating_sub(first.elapsed());
            if left.is_zero() {
                break;
            }
            match self.rx.recv_timeout(quiet.min(left)) {
                Ok(Ok(ev)) => batch.add(self.relevant(&ev)),
                Ok(Err(_)) => batch.uncertain(),
                Err(_) => break,
            }
        }
        self.watch_new_dirs();
        batch.kinds.sort();
        batch.kinds.dedup();
        Some(batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! classifies {
        ($($path:expr => $kind:expr),* $(,)?) => {
            $( assert_eq!(classify(Path::new($path)), $kind, "{}", $path); )*
        };
    }

    #[test]
    fn sources_by_folder() {
        use ChangeKind::*;
        classifies! {
            "config.toml" => Some(Config),
            "content/notes/one.md" => Some(Content),
            "content/new-folder" => Some(Content),
            "content/img/fig.png" => Some(Content),
            "static/site.css" => Some(Static),
            "templates/page.html" => Some(Template),
            "i18n/ja.toml" => Some(Template),
            "themes/default/static/style.css" => Some(Template),
            "themes/default/templates/base.html" => Some(Template),
        }
    }

    #[test]
    fn outputs_and_strangers_are_ignored() {
        classifies! {
            "public/index.html" => None,
            "target/debug/kaisetsu" => None,
            "README.md" => None,
            "sub/config.toml" => None,
            "" => None,
            "../content/x.md" => None,
        }
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        classifies! {
            "content/.one.md.swp" => None,
            "content/one.md.swp" => None,
            "content/one.md~" => None,
            "content/#one.md#" => None,
            "content/.#one.md" => None,
            "content/4913" => None,
            "content/one.md.tmp" => None,
            "content/one.md.bak" => None,
            "content/one.md___jb_tmp___" => None,
            "content/one.md.crswap" => None,
            "content/.one.md.kate-swp" => None,
            "templates/.base.html.swx" => None,
            "config.toml~" => None,
            ".config.toml.swp" => None,
            "content/.git/index" => None,
        }
    }

    #[test]
    fn a_batch_without_paths_stays_uncertain() {
        let mut b = Batch {
            kinds: Vec::new(),
            paths: Some(Default::default()),
        };
        b.add((
            vec![ChangeKind::Content],
            Some(vec![PathBuf::from("/s/content/a.md")]),
        ));
        assert_eq!(b.paths.as_ref().map(|p| p.len()), Some(1));
        b.add((vec![ChangeKind::Content], None));
        b.add((
            vec![ChangeKind::Static],
            Some(vec![PathBuf::from("/s/static/x.css")]),
        ));
        assert_eq!(b.paths, None);
        b.uncertain();
        assert_eq!(b.kinds.len(), 4);
    }

    #[test]
    fn global_kinds() {
        assert!(ChangeKind::Template.is_global());
        assert!(ChangeKind::Config.is_global());
        assert!(!ChangeKind::Content.is_global());
        assert!(!ChangeKind::Static.is_global());
    }
}
