//! What a build is asked to do: [`BuildOptions`], as the CLI and the dev server fill it in.

use std::path::PathBuf;

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
    /// Warnings fail the build (`--strict`).
    pub strict: bool,
    /// Keep highlighted code in `.kaisetsu/cache/highlight/` under the root, and reuse it
    /// (the CLI's default; `--no-cache` or `KAISETSU_NO_CACHE=1` turn it off).
    pub highlight_cache: bool,
}
