//! The site-wide part of the template contract: `config` as a page's language sees it, the
//! globals every page shares, and the page's versions in other languages.

use super::types::{NavEntry, TermBrief};
use serde::Serialize;

/// `config`: the site's settings as templates see them.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigValue<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// The configured base URL.
    pub base_url: &'a str,
    /// The site's language (BCP 47).
    pub language: &'a str,
    /// Author, possibly empty.
    pub author: &'a str,
    /// `[extra]` from `config.toml`.
    pub extra: &'a serde_json::Value,
}

impl<'a> ConfigValue<'a> {
    /// The settings of `config`.
    pub fn of(config: &'a crate::config::SiteConfig) -> Self {
        ConfigValue {
            title: &config.title,
            description: &config.description,
            base_url: &config.base_url,
            language: &config.language,
            author: &config.author,
            extra: &config.extra,
        }
    }

    /// The settings of `config` as pages in `lang` see them: `[languages.<lang>]` overrides
    /// `title`, `description`, `author` and `extra`; `language` is `lang`.
    pub fn for_lang(config: &'a crate::config::SiteConfig, lang: &'a str) -> Self {
        let base = ConfigValue::of(config);
        let Some(l) = config.languages.get(lang) else {
            return base;
        };
        ConfigValue {
            title: l.title.as_deref().unwrap_or(base.title),
            description: l.description.as_deref().unwrap_or(base.description),
            language: lang,
            author: l.author.as_deref().unwrap_or(base.author),
            extra: l.extra.as_ref().unwrap_or(base.extra),
            ..base
        }
    }
}

/// One language version of the current page (`translations`), for `<link rel="alternate">`
/// and the language switch.
#[derive(Debug, Clone, Serialize)]
pub struct Translation<'a> {
    /// Its language (BCP 47).
    pub lang: &'a str,
    /// The language's name in that language (`日本語`, `English`).
    pub name: &'a str,
    /// Root-relative URL: the page's version in that language, or that language's home page
    /// when the page has none (`missing`).
    pub url: String,
    /// Absolute URL of the same.
    pub permalink: String,
    /// True for the current page's own language.
    pub current: bool,
    /// True when the page has no version in this language (the URL is that language's home).
    pub missing: bool,
    /// True for the default language (the `x-default` alternate).
    pub default: bool,
}

/// What every page's context holds, built once per compile.
#[derive(Debug, Clone, Serialize)]
pub struct SiteGlobals<'a> {
    /// The site's settings.
    pub config: ConfigValue<'a>,
    /// URL of the Atom feed.
    pub feed_url: String,
    /// URL of the home page (of the current language).
    pub home_url: String,
    /// The language of the page (BCP 47): `<html lang>`.
    pub lang: &'a str,
    /// The site's default language.
    pub default_language: &'a str,
    /// The interface strings in the page's language (`i18n.skip_to_main`).
    pub i18n: std::collections::BTreeMap<&'a str, &'a str>,
    /// Every glossary term (empty unless some template uses `glossary_terms`).
    pub glossary_terms: Vec<TermBrief<'a>>,
    /// The site navigation with no entry marked (lists of the site's sections).
    pub site_nav: Vec<NavEntry<'a>>,
    /// The search index of the page's language (`None` when `[search] enabled = false`).
    pub search: Option<SearchLinks>,
    /// A hash of the values above (for the dev server's page hashes).
    #[serde(skip)]
    pub hash: u64,
    /// This set of globals' number in the process (see `shared`).
    #[serde(skip)]
    pub id: u64,
}

/// Where the header's search field finds its index.
#[derive(Debug, Clone, Serialize)]
pub struct SearchLinks {
    /// Root-relative URL of the folder of the language's index (ends with `/`).
    pub index_url: String,
}
