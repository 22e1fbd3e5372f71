//! The language side of a page's context: its versions in every language of the site, for
//! `<link rel="alternate" hreflang>` and the language switch.

use super::types::Translation;
use super::{Contexts, Generated, PageJob, Subject};
use crate::resolve::Index;

/// A language's name in that language, for the language switch.
pub(super) fn language_name(lang: &str) -> String {
    match lang.split('-').next().unwrap_or(lang) {
        "en" => "English".into(),
        "ja" => "日本語".into(),
        "zh" => "中文".into(),
        "ko" => "한국어".into(),
        "fr" => "Français".into(),
        "de" => "Deutsch".into(),
        "es" => "Español".into(),
        _ => lang.to_string(),
    }
}

impl<'a> Contexts<'a> {
    /// The interface string `key` in this context's language.
    pub(super) fn string(&self, key: &'static str) -> &'a str {
        let index = self.input.index;
        let strings = &self.input.templates.strings;
        strings.get(&index.lang, &index.default_lang, key)
    }

    /// Every language's index: the default language's first, then the others in order.
    fn languages(&self) -> impl Iterator<Item = &'a Index> {
        let root = self.root;
        std::iter::once(root).chain(root.views.iter())
    }

    /// The page's version in every language (none on a one-language site or for `404.html`).
    pub(super) fn translations(&self, job: &PageJob<'a>) -> Vec<Translation<'a>> {
        let index = self.input.index;
        let not_found = matches!(job.subject, Subject::Generated(Generated::NotFound));
        if self.root.views.is_empty() || not_found {
            return Vec::new();
        }
        let site = self.input.site;
        let versions = job.doc().map(|id| index.versions_of(id));
        let unprefixed = job.path.trim_end_matches("index.html");
        let unprefixed = unprefixed.strip_prefix(&index.prefix).unwrap_or(unprefixed);
        self.languages()
            .map(|other| {
                let found = match (&versions, job.subject) {
                    (Some(v), _) => v
                        .iter()
                        .find(|&&d| site.docs[d].lang == other.lang)
                        .map(|&d| site.docs[d].url_path.clone()),
                    (None, Subject::Generated(g)) => self
                        .generated_in(other, &g)
                        .then(|| format!("{}{unprefixed}", other.prefix)),
                    (None, Subject::Doc(_)) => None,
                };
                let missing = found.is_none();
                let path = found.unwrap_or_else(|| other.prefix.clone());
                Translation {
                    lang: &other.lang,
                    name: language_name(&other.lang),
                    url: index.url_of(&path),
                    permalink: index.permalink_of(&path),
                    current: other.lang == index.lang,
                    missing,
                    default: other.lang == other.default_lang,
                }
            })
            .collect()
    }

    /// Whether the generated page `g` exists in `other`'s language.
    fn generated_in(&self, other: &Index, g: &Generated<'_>) -> bool {
        let site = self.input.site;
        match g {
            Generated::Glossary => !other.glossary.terms.is_empty(),
            Generated::Timeline => !other.timeline.events.is_empty(),
            Generated::Topic(t) => other.timeline.topics.contains_key(*t),
            Generated::Sources => site
                .docs
                .iter()
                .any(|d| d.lang == other.lang && !d.meta.sources.is_empty()),
            Generated::NotFound => false,
        }
    }
}
