//! Command-line types (clap derive). No logic: `main.rs` maps each command to the library.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// kaisetsu (解説): build explainer microsites with glossary links, timelines and sources.
#[derive(Debug, Parser)]
#[command(name = "kaisetsu", version, about, long_about = None)]
pub(crate) struct Cli {
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Print each warning in full and the timing of the build.
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options shared by `build` and `check`.
#[derive(Debug, Args)]
pub(crate) struct SiteArgs {
    /// The site root (holds config.toml and content/).
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Override base_url from config.toml (e.g. https://example.org/sub/).
    #[arg(long)]
    pub(crate) base_url: Option<String>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Treat warnings as errors (nothing is written when there are any).
    #[arg(long)]
    pub(crate) strict: bool,
    /// Neither read nor write the highlight cache (.kaisetsu/cache/highlight/); also
    /// KAISETSU_NO_CACHE=1.
    #[arg(long)]
    pub(crate) no_cache: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// Site options.
        #[command(flatten)]
        site: SiteArgs,
        /// Output folder (default: public/ under the root). Replaced whole on success.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Do everything `build` does except writing, and report every problem.
    Check {
        /// Site options.
        #[command(flatten)]
        site: SiteArgs,
        /// Also request every external URL in the content (uses the network; results are
        /// cached in .kaisetsu/links.toml).
        #[arg(long)]
        external: bool,
        /// With --external: ignore the cache and request every URL again.
        #[arg(long, requires = "external")]
        refresh: bool,
    },
    /// Serve the site with live reload, rebuilding on every change (never writes public/).
    Serve {
        /// The site root (holds config.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site in DIR (which must be new or empty).
    Init {
        /// Where to create the site.
        dir: PathBuf,
    },
    /// Make a site of another generator into a kaisetsu site in a new folder.
    Import {
        /// The generator the site is made with.
        #[command(subcommand)]
        from: ImportFrom,
    },
}

/// The generators `import` reads.
#[derive(Debug, Subcommand)]
pub(crate) enum ImportFrom {
    /// A Zola site: content/, static/ and templates/shortcodes/ are copied, front matter and
    /// config.toml converted; SRC is only read.
    Zola {
        /// The Zola site (holds config.toml and content/).
        src: PathBuf,
        /// Where to write the kaisetsu site (new or empty).
        dest: PathBuf,
    },
}
