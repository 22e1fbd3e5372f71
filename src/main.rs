//! The `kaisetsu` binary: parses the command line, calls the library, reports once.

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use kaisetsu::error::{Diagnostic, Error, ErrorKind};
use kaisetsu::{BuildOptions, BuildReport};
use std::path::Path;
use std::process::ExitCode;

// Page rendering allocates many small JSON values on every thread; mimalloc's thread-local
// free lists make that about a fifth cheaper than glibc malloc (see README, "Benchmarks").
// The C code in the binary (Oniguruma, under syntect) gets mimalloc too: libmimalloc-sys's
// `override` feature (Cargo.toml) defines `malloc` and `free`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Makes mimalloc commit arena memory as pages are used rather than up front (the
/// `MIMALLOC_ARENA_EAGER_COMMIT=0` setting): same speed, about an eighth less peak memory on
/// a 10,000-page build. It must run before the first allocation reserves an arena, so it is a
/// load-time constructor, which runs before the Rust runtime starts.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static MIMALLOC_OPTIONS: extern "C" fn() = {
    extern "C" fn lazy_commit() {
        // 4 is `mi_option_arena_eager_commit` in mimalloc 2 and 3.
        // SAFETY: sets one option value; no allocation, no other thread exists yet.
        unsafe { libmimalloc_sys::mi_option_set(4, 0) };
    }
    lazy_commit
};

fn print_diagnostic(d: &Diagnostic) {
    let kind = if d.is_error() { "error" } else { "warning" };
    eprintln!("{}: {kind}: {}", d.location, d.message);
    if let Some(line) = &d.source_line {
        if d.location.line > 0 {
            let gutter = d.location.line.to_string();
            eprintln!("  {gutter} | {line}");
            if d.location.col > 0 {
                eprintln!(
                    "  {} | {}^",
                    " ".repeat(gutter.len()),
                    " ".repeat(d.location.col - 1)
                );
            }
        }
    }
    if let Some(help) = &d.help {
        eprintln!("  help: {help}");
    }
}

/// What `import` did: what it changed, then what it left behind (file:line warnings).
fn import_summary(cli: &Cli, src: &Path, dest: &Path, r: &kaisetsu::import::ImportReport) {
    for d in &r.left_out {
        print_diagnostic(d);
    }
    if cli.quiet {
        return;
    }
    for line in &r.converted {
        println!("converted: {line}");
    }
    println!(
        "Imported {} into {}: {} Markdown file(s), {} other file(s), {} thing(s) left behind; build it with `kaisetsu build --root {}`",
        src.display(),
        dest.display(),
        r.pages,
        r.copied,
        r.left_out.len(),
        dest.display()
    );
}

fn report_error(e: &Error) -> ExitCode {
    match e {
        Error::Content(diags) => {
            for d in &diags.0 {
                print_diagnostic(d);
            }
            eprintln!("error: {e}; nothing was written");
        }
        Error::Usage { message, help } => {
            eprintln!("error: {message}");
            if let Some(h) = help {
                eprintln!("  help: {h}");
            }
        }
        Error::Io { .. } => eprintln!("error: {e}"),
    }
    match e.kind() {
        ErrorKind::Usage => ExitCode::from(2),
        ErrorKind::Content | ErrorKind::Io => ExitCode::from(1),
    }
}

fn summary(cli: &Cli, verb: &str, r: &BuildReport) {
    if cli.quiet {
        return;
    }
    for w in &r.warnings {
        if cli.verbose {
            print_diagnostic(w);
        } else {
            eprintln!("{}: warning: {}", w.location, w.message);
        }
    }
    let ms = r.elapsed.as_secs_f64() * 1000.0;
    let warn = if r.warnings.is_empty() {
        String::new()
    } else {
        format!(", {} warning(s)", r.warnings.len())
    };
    match &r.output {
        Some(out) => {
            let shown = std::env::current_dir()
                .ok()
                .and_then(|c| out.strip_prefix(c).ok().map(|p| p.display().to_string()))
                .unwrap_or_else(|| out.display().to_string());
            println!("{verb} {} pages in {ms:.0} ms → {shown}/{warn}", r.pages);
        }
        None => println!("{verb} {} pages in {ms:.0} ms: no errors{warn}", r.pages),
    }
    if cli.verbose {
        println!("{} files in all", r.files);
        for (stage, took) in &r.stages {
            println!("  {stage:<18} {:8.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
}

fn external_summary(cli: &Cli, r: &kaisetsu::verify::external::ExternalReport) {
    if cli.quiet {
        return;
    }
    for w in &r.warnings {
        print_diagnostic(w);
    }
    println!(
        "Checked {} external URL(s), {} requested, {} from the cache: {} warning(s)",
        r.urls,
        r.requested,
        r.urls - r.requested,
        r.warnings.len()
    );
}

/// Whether `build` and `check` use the highlight cache: unless `--no-cache` or
/// `KAISETSU_NO_CACHE` is set to something other than `0` (benchmarks of cold builds set it).
fn use_cache(site: &cli::SiteArgs) -> bool {
    let off = std::env::var("KAISETSU_NO_CACHE").is_ok_and(|v| !v.is_empty() && v != "0");
    !site.no_cache && !off
}

fn build_options(site: &cli::SiteArgs, output: Option<std::path::PathBuf>) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        output,
        base_url: site.base_url.clone(),
        drafts: site.drafts,
        strict: site.strict,
        highlight_cache: use_cache(site),
    }
}

/// `check`: the build's checks, the translations' and, with `external`, the external links'.
fn check(cli: &Cli, site: &cli::SiteArgs, external: bool, refresh: bool) -> Result<(), Error> {
    let opts = build_options(site, None);
    let mut r = kaisetsu::check(&opts)?;
    let translations = kaisetsu::verify::translations::check(&opts, cli.verbose)?;
    r.warnings.extend(translations);
    summary(cli, "Checked", &r);
    if external {
        let r = kaisetsu::verify::external::check(&opts, refresh)?;
        external_summary(cli, &r);
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build { site, output } => {
            let opts = build_options(site, output.clone());
            kaisetsu::build(&opts).map(|r| summary(&cli, "Built", &r))
        }
        Command::Check {
            site,
            external,
            refresh,
        } => check(&cli, site, *external, *refresh),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            let opts = kaisetsu::serve::ServeOptions {
                root: root.clone(),
                port: *port,
                bind: *bind,
                open: *open,
                drafts: *drafts,
                quiet: cli.quiet,
                timings: cli.verbose,
            };
            return match kaisetsu::serve::serve(&opts, |event| eprintln!("{event}")) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(1)
                }
            };
        }
        Command::Import {
            from: cli::ImportFrom::Zola { src, dest },
        } => kaisetsu::import::zola(src, dest).map(|r| import_summary(&cli, src, dest, &r)),
        Command::Init { dir } => kaisetsu::init::init(dir).map(|()| {
            if !cli.quiet {
                println!(
                    "Created a new site in {}; build it with `kaisetsu build --root {}`",
                    dir.display(),
                    dir.display()
                );
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report_error(&e),
    }
}
