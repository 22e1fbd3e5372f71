//! `config.toml`: the site's settings, loaded and validated.
//!
//! Unknown keys are errors that name the key, where it is, and the nearest known key. Values
//! that fail to parse are reported at their line and column.

use crate::error::{Diagnostic, Diagnostics, Location};
use crate::keys::unknown_keys;
use crate::span::SourceFile;
use serde::Deserialize;
use std::path::Path;

mod nav;
mod taxonomies;
pub use nav::{NavConfig, NAV_LIMIT};
pub use taxonomies::{SlugifyConfig, TaxonomyConfig, TermSlugs};

const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "author",
    "markdown",
    "glossary",
    "link_check",
    "search",
    "languages",
    "extra",
    "taxonomies",
    "slugify",
    "feed_limit",
    "nav",
];
const LANGUAGE_KEYS: &[&str] = &["title", "description", "author", "extra"];
const MARKDOWN_KEYS: &[&str] = &[
    "highlight_theme",
    "highlight_theme_dark",
    "smart_punctuation",
    "highlight_code",
    "heading_ids",
    "insert_anchor_links",
];
const GLOSSARY_KEYS: &[&str] = &["autolink"];
const SEARCH_KEYS: &[&str] = &["enabled"];
const LINK_CHECK_KEYS: &[&str] = &[
    "skip",
    "external_level",
    "internal_level",
    "concurrency",
    "per_host",
    "timeout",
    "cache_days",
];

/// How glossary terms are linked automatically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Autolink {
    /// Link the first mention of each term on a page.
    #[default]
    First,
    /// Link every mention.
    All,
    /// No automatic links (explicit `[[refs]]` still work).
    Off,
}

/// How a heading's id is made from its text (an explicit `{#id}` always wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIds {
    /// GitHub's ids: lowercase letters and digits of any script, `_` kept (`x86_64`).
    #[default]
    Github,
    /// Zola's ids (`slugify.anchors = "on"`): transliterated to ASCII, every other run of
    /// characters one `-` (`config.toml` → `config-toml`, `x86_64` → `x86-64`).
    Zola,
}

/// Where a heading gets a link to itself (Zola's `insert_anchor_links`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum AnchorLinks {
    /// No link.
    #[default]
    None,
    /// A `#` link before the heading's text.
    Left,
    /// A `#` link after it.
    Right,
    /// The heading's text is the link (a heading that holds a link gets `left` instead: links
    /// do not nest).
    Heading,
}

/// `[markdown]` settings.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct MarkdownConfig {
    /// syntect theme for the light colour scheme.
    pub highlight_theme: String,
    /// syntect theme for the dark colour scheme.
    pub highlight_theme_dark: String,
    /// Curly quotes and dashes.
    pub smart_punctuation: bool,
    /// Highlight fenced code at all.
    pub highlight_code: bool,
    /// How heading ids are made.
    pub heading_ids: HeadingIds,
    /// Links from headings to themselves, where a section does not say (Zola's key).
    pub insert_anchor_links: AnchorLinks,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_theme: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
            smart_punctuation: true,
            highlight_code: true,
            heading_ids: HeadingIds::Github,
            insert_anchor_links: AnchorLinks::None,
        }
    }
}

/// `[glossary]` settings.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct GlossaryConfig {
    /// Automatic linking mode.
    pub autolink: Autolink,
}

/// The folder of a language's search index in the output, under the language's prefix.
pub const SEARCH_DIR: &str = "search-index";

/// `[search]` settings.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct SearchConfig {
    /// Write a search index and show the search field (on by default).
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// The validated site configuration.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Absolute URL the site is served from; may carry a sub-path (`https://example.org/sub/`).
    pub base_url: String,
    /// Language code for `<html lang>`.
    pub language: String,
    /// Theme folder under `themes/`.
    pub theme: String,
    /// Author for the feed.
    pub author: String,
    /// Markdown settings.
    pub markdown: MarkdownConfig,
    /// Glossary settings.
    pub glossary: GlossaryConfig,
    /// `kaisetsu check --external` settings.
    pub link_check: LinkCheckConfig,
    /// Search settings.
    pub search: SearchConfig,
    /// Free-form values passed to templates.
    pub extra: serde_json::Value,
    /// The other languages, by BCP 47 tag (`[languages.ja]`).
    pub languages: std::collections::BTreeMap<String, LanguageConfig>,
    /// The taxonomies with pages of their own (`/tags/`, `/tags/<term>/`).
    pub taxonomies: Vec<TaxonomyConfig>,
    /// `[slugify]`: how taxonomy terms become URL segments.
    pub slugify: SlugifyConfig,
    /// The most entries an Atom feed lists, newest first (Zola's key).
    pub feed_limit: std::num::NonZeroUsize,
    /// `[nav]`: the header's navigation.
    pub nav: NavConfig,
}

/// Entries of a feed unless `feed_limit` says otherwise: a reader polls the feed for what is
/// new, and a feed of every page of a 10,000-page site is 4 MB each time.
pub const FEED_LIMIT: usize = 50;

/// `[languages.<tag>]`: what a language other than the default changes.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct LanguageConfig {
    /// Site title in this language.
    pub title: Option<String>,
    /// Description in this language.
    pub description: Option<String>,
    /// Author in this language.
    pub author: Option<String>,
    /// `[extra]` in this language (replaces the site's).
    pub extra: Option<serde_json::Value>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: String::new(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            theme: "default".into(),
            author: String::new(),
            markdown: MarkdownConfig::default(),
            glossary: GlossaryConfig::default(),
            link_check: Default::default(),
            search: SearchConfig::default(),
            extra: serde_json::Value::Object(Default::default()),
            languages: Default::default(),
            taxonomies: Vec::new(),
            slugify: SlugifyConfig::default(),
            feed_limit: std::num::NonZeroUsize::new(FEED_LIMIT).expect("not zero"),
            nav: NavConfig::default(),
        }
    }
}

impl SiteConfig {
    /// The path part of `base_url`, always starting and ending with `/` (`/` or `/sub/`).
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let after_scheme = url.split_once("://").map(|(_, rest)| rest).unwrap_or(url);
        let path = if url.contains("://") {
            after_scheme
                .find('/')
                .map(|i| &after_scheme[i..])
                .unwrap_or("/")
        } else {
            after_scheme
        };
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            "/".into()
        } else {
            format!("/{trimmed}/")
        }
    }

    /// `base_url` without its trailing slash, for absolute permalinks (`https://example.org/sub`).
    pub fn origin_and_base(&self) -> String {
        self.base_url.trim().trim_end_matches('/').to_string()
    }
}

/// Loads and validates `config.toml` under `root`.
pub fn load(root: &Path) -> Result<SiteConfig, Diagnostics> {
    let path = root.join("config.toml");
    let mut diags = Diagnostics::default();
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                diags.push(Diagnostic::error(
                    Location::file("config.toml"),
                    "config.toml is not valid UTF-8",
                ));
                return Err(diags);
            }
        },
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Location::file("config.toml"),
                    format!("cannot read config.toml: {e}"),
                )
                .with_help("every site root needs a config.toml; `kaisetsu init DIR` creates one"),
            );
            return Err(diags);
        }
    };
    parse(SourceFile::new("config.toml", text))
}

/// The settings to check the content with when `config.toml` has problems (which are reported
/// with the content's, in one run): whatever of the file can be read (an unknown key does not
/// stop the rest), else the defaults.
pub fn fallback(root: &Path) -> SiteConfig {
    let text = std::fs::read_to_string(root.join("config.toml")).unwrap_or_default();
    completed(toml::from_str(&text).unwrap_or_default())
}

/// `c` with what an empty or missing value means: base URL `/`, an empty `[extra]`.
fn completed(mut c: SiteConfig) -> SiteConfig {
    if c.base_url.trim().is_empty() {
        c.base_url = "/".into();
    }
    if c.extra.is_null() {
        c.extra = serde_json::Value::Object(Default::default());
    }
    c
}

/// Parses the text of a `config.toml`.
pub fn parse(file: SourceFile) -> Result<SiteConfig, Diagnostics> {
    let mut diags = Diagnostics::default();
    let table: toml::Table = match toml::from_str(&file.text) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            diags.push(file.error_at(offset, format!("invalid TOML: {}", e.message())));
            return Err(diags);
        }
    };
    let mut unknown = unknown_keys(table.keys().map(String::as_str), TOP_KEYS, &file.text, None);
    for (name, allowed) in [
        ("markdown", MARKDOWN_KEYS),
        ("glossary", GLOSSARY_KEYS),
        ("link_check", LINK_CHECK_KEYS),
        ("search", SEARCH_KEYS),
        ("slugify", taxonomies::SLUGIFY_KEYS),
        ("nav", nav::NAV_KEYS),
    ] {
        if let Some(toml::Value::Table(t)) = table.get(name) {
            let mut u = unknown_keys(
                t.keys().map(String::as_str),
                allowed,
                &file.text,
                Some(name),
            );
            for k in &mut u {
                k.key = format!("{name}.{}", k.key);
            }
            unknown.extend(u);
        }
    }
    unknown.extend(language_keys(&table, &file, &mut diags));
    unknown.extend(taxonomies::check(&table, &file, &mut diags));
    for u in unknown {
        let mut d = file.error_at(
            u.offset.unwrap_or(0),
            format!("unknown key `{}` in config.toml", u.key),
        );
        if let Some(h) = u.help() {
            d = d.with_help(h);
        }
        diags.push(d);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    match toml::from_str::<SiteConfig>(&file.text) {
        Ok(c) => Ok(completed(c)),
        Err(e) => {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            let mut d = file.error_at(
                offset,
                format!("invalid value in config.toml: {}", e.message()),
            );
            d.help = value_help(&file.text, offset).map(str::to_string);
            diags.push(d);
            Err(diags)
        }
    }
}

/// The values a key of a few fixed choices takes, for the help line of a bad value.
const VALUE_HELP: &[(&str, &str)] = &[
    (
        "heading_ids",
        "`heading_ids` is \"github\" (the default: `x86_64`, `configtoml`) or \"zola\" \
         (Zola's ids: `x86-64`, `config-toml`)",
    ),
    ("autolink", "`autolink` is \"first\", \"all\" or \"off\""),
    (
        "feed_limit",
        "`feed_limit` is the most entries a feed lists, 1 or more (default 50)",
    ),
    (
        "external_level",
        "`external_level` is \"warn\" or \"error\"",
    ),
];

/// The help line for a bad value at `offset`, when its line sets a key of fixed choices.
fn value_help(text: &str, offset: usize) -> Option<&'static str> {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let key = text[start..].split('=').next()?.trim();
    VALUE_HELP.iter().find(|(k, _)| *k == key).map(|(_, h)| *h)
}

/// The unknown keys of each `[languages.<tag>]` table; a tag that is not BCP 47, or the
/// default language given a table, is an error at its line.
fn language_keys(
    table: &toml::Table,
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Vec<crate::keys::UnknownKey> {
    let mut unknown = Vec::new();
    let Some(toml::Value::Table(langs)) = table.get("languages") else {
        return unknown;
    };
    let default = table
        .get("language")
        .and_then(|v| v.as_str())
        .unwrap_or("en");
    for (tag, value) in langs {
        let header = format!("languages.{tag}");
        let at = file.text.find(&format!("[{header}]")).unwrap_or(0);
        if !crate::keys::is_language_tag(tag) {
            let help = "write a BCP 47 tag such as `ja`, `en` or `zh-Hant`";
            let message = format!("`{tag}` in `[languages.{tag}]` is not a language tag");
            diags.push(file.error_at(at, message).with_help(help));
        } else if tag == default {
            let message = format!("`{tag}` is the default language (`language`)");
            let help = "set the default language's title and description at the top level";
            diags.push(file.error_at(at, message).with_help(help));
        }
        if let toml::Value::Table(t) = value {
            let keys = t.keys().map(String::as_str);
            for mut u in unknown_keys(keys, LANGUAGE_KEYS, &file.text, Some(&header)) {
                u.key = format!("{header}.{}", u.key);
                unknown.push(u);
            }
        }
    }
    unknown
}

/// How serious a broken external link is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkLevel {
    /// A warning (the default): other sites' breakage does not fail a check.
    #[default]
    Warn,
    /// An error.
    Error,
}

/// `[link_check]` in config.toml.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct LinkCheckConfig {
    /// URL prefixes never requested.
    pub skip: Vec<String>,
    /// Whether a broken external link is a warning or an error.
    pub external_level: LinkLevel,
    /// Whether a broken relative or root-relative link or image written in Markdown is a
    /// warning or an error (the default); `@/` links and links in templates are always errors.
    pub internal_level: LinkLevel,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests in flight at once on one host.
    pub per_host: usize,
    /// Seconds before a request is given up.
    pub timeout: u64,
    /// Days a result is reused from `.kaisetsu/links.toml`.
    pub cache_days: u64,
}

impl Default for LinkCheckConfig {
    fn default() -> Self {
        LinkCheckConfig {
            skip: Vec::new(),
            external_level: LinkLevel::Warn,
            internal_level: LinkLevel::Error,
            concurrency: 8,
            per_host: 2,
            timeout: 10,
            cache_days: 7,
        }
    }
}

#[cfg(test)]
mod tests;
