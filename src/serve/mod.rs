//! `kaisetsu serve`: the dev server. This module is the driver: it binds the port, builds the
//! site in memory with `base_url` pointing at the server, and runs the rebuild loop (watch →
//! debounce → [`crate::compile`] → diff → swap → notify browsers). The HTTP side (routing,
//! path safety, SSE, overlay) lives in `server`; watching and path classification in [`watch`].
//!
//! Nothing is written to disk: the site is held in a [`SiteState`] map behind an
//! `Arc<RwLock<_>>`, so a request can only ever reach a file the build produced.
//!
//! Incremental rebuilds: every debounced batch of changes runs [`crate::compile_changes`] with
//! the [`crate::CompileCache`] kept from the last build, told which paths the watcher saw
//! change. Edits to the bodies of existing documents patch the last build without walking or
//! reading the rest of the site, and render only the pages that can show them (the page, its
//! section's listing, the timeline for an event); other content changes re-parse only the
//! documents whose bytes changed, re-render the Markdown of only those documents (all of them
//! when the glossary, URLs or Markdown settings change), and re-render the template of only the
//! pages whose context changed. A template, theme or config change clears the cache and
//! rebuilds everything. Copied files (static/, theme static, page assets) are re-read only when
//! the watcher named them or their modification time or length changed. The compile reports
//! which output paths changed; only those are swapped into the served map (which shares its
//! buffers with the cache) and sent to browsers, which reload only when their own page (or a
//! script, image or font) is among them; a stylesheet-only change swaps `<link>`s without a
//! reload. Tests assert the result always equals a clean full build.

mod builder;
mod launch;
mod server;
pub mod watch;

/// `bytes` of the output file at `path` as the dev server serves them: HTML pages get the
/// live-reload client at the end of `<head>`. The library's compile never adds it; this layer
/// does, once per changed file.
pub fn with_client(path: &str, bytes: axum::body::Bytes) -> axum::body::Bytes {
    if !path.ends_with(".html") {
        return bytes;
    }
    let client = server::client_head();
    axum::body::Bytes::from(insert(&bytes, head_end(&bytes), &client))
}

/// Where a page's head ends (its `</head>`), or, in a page that does not write one, just
/// after its doctype: what the dev server adds must not come before `<!doctype html>`, which
/// would put the page in quirks mode.
pub(crate) fn head_end(html: &[u8]) -> usize {
    if let Some(at) = memchr::memmem::find(html, b"</head>") {
        return at;
    }
    let start = html.len() - html.trim_ascii_start().len();
    let doctype = html[start..]
        .get(..9)
        .is_some_and(|d| d.eq_ignore_ascii_case(b"<!doctype"));
    match doctype
        .then(|| memchr::memchr(b'>', &html[start..]))
        .flatten()
    {
        Some(end) => start + end + 1,
        None => 0,
    }
}

/// `html` with `what` inserted at byte `at`; the other bytes as they were (a page need not
/// be UTF-8).
pub(crate) fn insert(html: &[u8], at: usize, what: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + what.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(what.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

use crate::error::Diagnostic;
use crate::BuildOptions;
use anyhow::Context as _;
use axum::body::Bytes;
use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// The port (0 picks a free one).
    pub port: u16,
    /// The address to bind.
    pub bind: IpAddr,
    /// Open the site in a browser once it is up.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
    /// Print nothing but errors.
    pub quiet: bool,
    /// Print the time of each stage of every rebuild.
    pub timings: bool,
}

impl ServeOptions {
    /// Defaults for `root`: 127.0.0.1:1111, no browser, no drafts.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            root: root.into(),
            port: 1111,
            bind: IpAddr::from([127, 0, 0, 1]),
            open: false,
            drafts: false,
            quiet: false,
            timings: false,
        }
    }
}

/// What the dev server says while it starts and stops, for the caller to print ([`serve`]
/// hands each one to its `report` callback; the CLI writes it to stderr). What `opts.quiet`
/// and `opts.timings` leave out is never reported. Reports of later rebuilds are still written
/// by the rebuild loop itself.
#[derive(Debug)]
pub enum ServeEvent<'a> {
    /// The time of each stage of the first build (only with `timings`).
    Stages {
        /// Each stage and how long it took.
        stages: &'a [(&'static str, Duration)],
        /// The whole build.
        total: Duration,
    },
    /// The first build succeeded.
    Built {
        /// The files it produced.
        files: usize,
        /// How long it took.
        elapsed: Duration,
    },
    /// The first build failed; the browser shows these errors until they are fixed.
    FirstBuildFailed(&'a [Diagnostic]),
    /// The site at `root` is being served at `url`.
    Serving {
        /// The site root as given.
        root: &'a std::path::Path,
        /// The site's URL.
        url: &'a str,
    },
    /// `--open` could not start a browser (reported even when quiet).
    BrowserFailed {
        /// The program that was run.
        opener: &'a str,
        /// Why it failed.
        error: &'a std::io::Error,
        /// The URL to visit instead.
        url: &'a str,
    },
    /// Ctrl-C or SIGTERM arrived; the server is stopping.
    Stopping,
}

impl std::fmt::Display for ServeEvent<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
        match self {
            ServeEvent::Stages { stages, total } => {
                let stages: Vec<String> = stages
                    .iter()
                    .map(|(name, took)| format!("{name} {:.1} ms", ms(took)))
                    .collect();
                let stages = stages.join(", ");
                write!(f, "stages: {stages} (rebuild {:.1} ms)", ms(total))
            }
            ServeEvent::Built { files, elapsed } => {
                write!(f, "built {files} files in {:.0} ms", ms(elapsed))
            }
            ServeEvent::FirstBuildFailed(diags) => {
                for d in *diags {
                    writeln!(f, "{d}")?;
                }
                write!(
                    f,
                    "the first build failed; the browser shows the errors until they are fixed"
                )
            }
            ServeEvent::Serving { root, url } => {
                write!(f, "serving {} at {url} (Ctrl-C to stop)", root.display())
            }
            ServeEvent::BrowserFailed { opener, error, url } => write!(
                f,
                "warning: could not open a browser ({opener}: {error}); visit {url}"
            ),
            ServeEvent::Stopping => write!(f, "stopping"),
        }
    }
}

/// The site as currently served.
#[derive(Debug, Default)]
pub struct SiteState {
    /// Path (`notes/one/index.html`) → contents, from the last successful build.
    pub files: HashMap<String, Bytes>,
    /// The errors of the last build; empty when it succeeded.
    pub errors: Vec<Diagnostic>,
    /// Builds attempted so far (the initial one included).
    pub builds: u64,
}

/// What browsers are told after a rebuild.
#[derive(Debug, Clone)]
pub(crate) enum Notice {
    /// These output paths changed (`*`: reload every page).
    Reload(Vec<String>),
    /// Only these stylesheets changed.
    Css(Vec<String>),
    /// The rebuild failed with these diagnostics.
    Errors(Vec<Diagnostic>),
}

/// State shared by the HTTP handlers and the rebuild loop.
pub(crate) struct Shared {
    pub(crate) state: RwLock<SiteState>,
    pub(crate) events: tokio::sync::broadcast::Sender<Notice>,
    pub(crate) stop: tokio::sync::watch::Receiver<bool>,
}

impl Shared {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, SiteState> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running server. Dropping it (or [`Running::shutdown`]) stops it.
pub struct Running {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    stop_tx: tokio::sync::watch::Sender<bool>,
    runtime: Option<tokio::runtime::Runtime>,
    rebuilder: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's URL, e.g. `http://127.0.0.1:1111/`.
    pub fn url(&self) -> String {
        base_url(self.addr)
    }

    /// Builds attempted so far (the initial one included).
    pub fn builds(&self) -> u64 {
        self.shared.read().builds
    }

    /// The errors of the last build (empty when it succeeded).
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.shared.read().errors.clone()
    }

    /// A copy of every file currently served.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        self.shared
            .read()
            .files
            .iter()
            .map(|(k, v)| (k.clone(), v.to_vec()))
            .collect()
    }

    /// The [`BuildOptions`] the server compiles with, so that a test can compare what is
    /// served with a clean build. (The live-reload client is added when a page is served.)
    pub fn build_inputs(root: PathBuf, addr: SocketAddr, drafts: bool) -> BuildOptions {
        BuildOptions {
            root,
            output: None,
            base_url: Some(base_url(addr)),
            drafts,
            strict: false,
            highlight_cache: true,
        }
    }

    /// Stops watching and serving; returns within about a second.
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.stop_tx.send(true);
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_millis(400));
        }
        if let Some(t) = self.rebuilder.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop_now();
    }
}

fn base_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::from([127, 0, 0, 1]),
        ip if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    match ip {
        IpAddr::V4(v4) => format!("http://{v4}:{}/", addr.port()),
        IpAddr::V6(v6) => format!("http://[{v6}]:{}/", addr.port()),
    }
}

/// Binds, builds and starts serving and watching in the background. Reports nothing: the
/// first build's errors are in [`Running::errors`].
pub fn start(opts: &ServeOptions) -> anyhow::Result<Running> {
    launch::launch(opts, &mut |_| {})
}

/// `kaisetsu serve`: starts the server, opens a browser if asked, and runs until Ctrl-C
/// (or SIGTERM). What it has to say on the way goes to `report` (see [`ServeEvent`]).
pub fn serve(opts: &ServeOptions, mut report: impl FnMut(ServeEvent<'_>)) -> anyhow::Result<()> {
    let running = launch::launch(opts, &mut report)?;
    let url = running.url();
    // Listen for the signals before saying we are up, so an early Ctrl-C is never missed.
    let signals = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let stop_signal = {
        let _guard = signals.enter();
        StopSignal::install()?
    };
    if !opts.quiet {
        report(ServeEvent::Serving {
            root: &opts.root,
            url: &url,
        });
    }
    if opts.open {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(windows) {
            "explorer"
        } else {
            "xdg-open"
        };
        if let Err(error) = std::process::Command::new(opener).arg(&url).spawn() {
            report(ServeEvent::BrowserFailed {
                opener,
                error: &error,
                url: &url,
            });
        }
    }
    signals.block_on(stop_signal.wait());
    if !opts.quiet {
        report(ServeEvent::Stopping);
    }
    running.shutdown();
    Ok(())
}

/// Ctrl-C and SIGTERM listeners, registered as soon as they are made.
struct StopSignal {
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl StopSignal {
    fn install() -> anyhow::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(StopSignal {
                int: signal(SignalKind::interrupt()).context("could not listen for Ctrl-C")?,
                term: signal(SignalKind::terminate()).context("could not listen for SIGTERM")?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignal {})
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.int.recv() => {}
            _ = self.term.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
