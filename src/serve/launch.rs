//! Starting the dev server: the site root, the listening socket, the first build, the HTTP
//! runtime and the rebuild thread.

use super::builder::Builder;
use super::{server, watch, with_client, Running, ServeEvent, ServeOptions, Shared, SiteState};
use anyhow::Context as _;
use axum::body::Bytes;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

fn bind(opts: &ServeOptions) -> anyhow::Result<std::net::TcpListener> {
    match std::net::TcpListener::bind((opts.bind, opts.port)) {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => anyhow::bail!(
            "port {} on {} is already in use; choose another one with --port (e.g. --port {})",
            opts.port,
            opts.bind,
            opts.port.wrapping_add(1).max(1024)
        ),
        Err(e) => Err(e).with_context(|| {
            format!(
                "could not listen on {}:{} (try another --port or --bind)",
                opts.bind, opts.port
            )
        }),
    }
}

/// The site root of `opts`, refused when it is not a site.
fn site_root(opts: &ServeOptions) -> anyhow::Result<PathBuf> {
    let root = opts
        .root
        .canonicalize()
        .with_context(|| format!("cannot open the site root {}", opts.root.display()))?;
    if !root.join("config.toml").is_file() && !root.join("content").is_dir() {
        anyhow::bail!(
            "{} is not a kaisetsu site: it has no config.toml and no content/ folder \
             (run `kaisetsu serve` in a site root or pass --root DIR)",
            root.display()
        );
    }
    Ok(root)
}

/// The first build, as the state the server starts with (its files, or its errors).
fn first_build(
    builder: &mut Builder,
    opts: &ServeOptions,
    report: &mut dyn FnMut(ServeEvent<'_>),
) -> SiteState {
    let start = Instant::now();
    let mut state = SiteState {
        builds: 1,
        ..Default::default()
    };
    match builder.compile() {
        Ok(site) => {
            if opts.timings {
                let (stages, total) = (&site.stages, start.elapsed());
                report(ServeEvent::Stages { stages, total });
            }
            let files = site.files.into_iter();
            let files: HashMap<String, Bytes> = files
                .map(|(p, b)| (p.clone(), with_client(&p, b)))
                .collect();
            if !opts.quiet {
                let (files, elapsed) = (files.len(), start.elapsed());
                report(ServeEvent::Built { files, elapsed });
            }
            state.files = files;
        }
        Err(diags) => {
            if !opts.quiet {
                report(ServeEvent::FirstBuildFailed(&diags));
            }
            state.errors = diags;
        }
    }
    state
}

/// Serves `shared` on `listener` from a runtime of two threads, until `shared.stop` says so.
fn start_http(
    listener: std::net::TcpListener,
    shared: &Arc<Shared>,
) -> anyhow::Result<tokio::runtime::Runtime> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    let listener = {
        let _guard = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    let app = server::router(shared.clone());
    let mut stop_wait = shared.stop.clone();
    runtime.spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stop_wait.wait_for(|s| *s).await;
            })
            .await;
    });
    Ok(runtime)
}

/// Rebuilds after each batch of changes the watcher sees, on a thread of its own, and tells
/// the browsers.
fn start_rebuilder(
    root: &Path,
    mut builder: Builder,
    shared: &Arc<Shared>,
    stop: &Arc<AtomicBool>,
) -> anyhow::Result<std::thread::JoinHandle<()>> {
    let mut watcher = watch::SourceWatcher::new(root)?;
    let (shared, stop) = (shared.clone(), stop.clone());
    let thread = std::thread::Builder::new()
        .name("kaisetsu-rebuild".into())
        .spawn(move || {
            let quiet = Duration::from_millis(20);
            let max = Duration::from_millis(250);
            // A quick rebuild leaves the search index (about a second at 10,000 pages) until
            // the sources have been still for a moment, so a run of saves is not held up by it.
            let idle = Duration::from_millis(300);
            loop {
                let wait = builder.search_pending().then_some(idle);
                let Some(batch) = watcher.next_batch(quiet, max, wait, &stop) else {
                    break;
                };
                if batch.kinds.is_empty() {
                    builder.update_search(&shared);
                    continue;
                }
                if let Some(n) = builder.rebuild(batch, &shared) {
                    let _ = shared.events.send(n);
                }
            }
        })?;
    Ok(thread)
}

pub(super) fn launch(
    opts: &ServeOptions,
    report: &mut dyn FnMut(ServeEvent<'_>),
) -> anyhow::Result<Running> {
    let root = site_root(opts)?;
    let listener = bind(opts)?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let mut builder = Builder {
        opts: Running::build_inputs(root.clone(), addr, opts.drafts),
        compiled: {
            let mut cache = crate::CompileCache::incremental();
            cache.defer_search(true);
            cache
        },
        quiet: opts.quiet,
        timings: opts.timings,
    };
    let state = first_build(&mut builder, opts, report);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let (events, _) = tokio::sync::broadcast::channel(64);
    let shared = Arc::new(Shared {
        state: RwLock::new(state),
        events,
        stop: stop_rx,
    });
    let runtime = start_http(listener, &shared)?;
    let stop = Arc::new(AtomicBool::new(false));
    let rebuilder = start_rebuilder(&root, builder, &shared, &stop)?;
    Ok(Running {
        addr,
        shared,
        stop,
        stop_tx,
        runtime: Some(runtime),
        rebuilder: Some(rebuilder),
    })
}
