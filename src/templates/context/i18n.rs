//! The language side of a page's context: its versions in every language of the site, for
//! `<link rel="alternate" hreflang>` and the language switch.

use super::kana;
use super::types::{GlossaryLetter, GlossaryValue, TermBrief, Translation};
use super::{Contexts, Generated, PageJob, Subject};
use crate::resolve::Index;

/// A language's name in that language, for the language switch.
pub(super) fn language_name(lang: &str) -> &str {
    match lang.split('-').next().unwrap_or(lang) {
        "en" => "English",
        "ja" => "日本語",
        "zh" => "中文",
        "ko" => "한국어",
        "fr" => "Français",
        "de" => "Deutsch",
        "es" => "Español",
        _ => lang,
    }
}

impl<'a> Contexts<'a> {
    /// A timeline topic's name for readers of this context's language: the interface string
    /// `topic.<tag>`, else the tag spelled out (`export-policy` → "Export policy").
    pub(super) fn topic_label(&self, tag: &str) -> String {
        let index = self.input.index;
        let strings = &self.input.templates.strings;
        let key = format!("topic.{tag}");
        match strings.lookup(&index.lang, &index.default_lang, &key) {
            Some(s) => s.to_string(),
            None => super::generated::topic_name(tag),
        }
    }

    /// The `lang` to mark a source's title with on this page: its own (the default language's
    /// when it names none), unless that is the page's.
    pub(super) fn source_lang(&self, lang: Option<&'a str>) -> Option<&'a str> {
        let index = self.input.index;
        let lang = lang.unwrap_or(&self.root.default_lang);
        (lang != index.lang).then_some(lang)
    }

    /// `date` for readers of this context's language.
    pub(super) fn date(&self, date: crate::date::PartialDate) -> String {
        date.display(&self.input.index.lang)
    }

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
        // A pager's translations are the other languages' versions of its listing (their
        // first pagers), and those of a term's "Mentioned in" list the term's other versions.
        let versions = job.owner().map(|id| index.versions_of(id));
        let unprefixed = job.path.trim_end_matches("index.html");
        let unprefixed = unprefixed.strip_prefix(&index.prefix).unwrap_or(unprefixed);
        self.languages()
            .filter_map(|other| {
                let found = match (&versions, job.subject) {
                    (Some(v), _) => v
                        .iter()
                        .find(|&&d| site.docs[d].lang == other.lang)
                        .map(|&d| site.docs[d].url_path.clone()),
                    (None, Subject::Generated(g)) => {
                        self.taxonomy_page_in(other, &g).or_else(|| {
                            self.generated_in(other, &g)
                                .then(|| format!("{}{unprefixed}", other.prefix))
                        })
                    }
                    (None, Subject::Doc(_)) => None,
                };
                let missing = found.is_none();
                if missing && !self.homes.contains(&other.lang.as_str()) {
                    return None;
                }
                let path = found.unwrap_or_else(|| other.prefix.clone());
                Some(Translation {
                    lang: &other.lang,
                    name: language_name(&other.lang),
                    url: index.url_of(&path),
                    permalink: index.permalink_of(&path),
                    current: other.lang == index.lang,
                    missing,
                    default: other.lang == other.default_lang,
                })
            })
            .collect()
    }

    /// The `<link rel="alternate" hreflang>` elements of `translations`, `x-default` after the
    /// default language's, each on a line of its own (`PageContext::hreflang_links`).
    pub(super) fn hreflang_links(translations: &[Translation<'_>]) -> String {
        let mut out = String::new();
        let present = translations.iter().filter(|t| !t.missing);
        for t in present {
            let tags = std::iter::once(t.lang).chain(t.default.then_some("x-default"));
            for tag in tags {
                out.push_str("\n<link rel=\"alternate\" hreflang=\"");
                crate::html::escape_html_into(&mut out, tag);
                out.push_str("\" href=\"");
                crate::html::escape_html_into(&mut out, &t.permalink);
                out.push_str("\">");
            }
        }
        out
    }

    /// The language switch's entries: every version in `translations` but the current one.
    pub(super) fn language_switch(translations: &[Translation<'a>]) -> Vec<Translation<'a>> {
        let others = translations.iter().filter(|t| !t.current);
        others.cloned().collect()
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
            Generated::NotFound | Generated::Mentions(_) => false,
            Generated::Taxonomy(_) | Generated::TaxonomyTerm(..) => false,
        }
    }

    /// The glossary index of a language other than the default: the terms in that language,
    /// sorted by `reading` in gojūon order and grouped by kana row, names in Latin script in a
    /// group of their own (at the end).
    pub(super) fn kana_glossary_value(&self) -> GlossaryValue<'a> {
        let index = self.input.index;
        let docs = &self.input.site.docs;
        let mut terms: Vec<(kana::Row, (String, String), usize)> = Vec::new();
        for (i, t) in index.glossary.terms.iter().enumerate() {
            let d = &docs[t.doc];
            if d.lang != index.lang {
                continue;
            }
            let reading = d.meta.term.as_ref().and_then(|m| m.reading.as_deref());
            let reading = reading.unwrap_or(&t.title);
            let latin = t
                .title
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            let row = if latin { None } else { kana::row(reading) };
            let key = match row {
                Some(_) => kana::sort_key(reading),
                None => (t.title.to_lowercase(), t.title.clone()),
            };
            terms.push((row, key, i));
        }
        // Kana rows in order, then everything else.
        terms.sort_by(|a, b| (a.0.is_none(), a.0, &a.1).cmp(&(b.0.is_none(), b.0, &b.1)));
        let mut letters: Vec<GlossaryLetter<'a>> = Vec::new();
        for (row, _, i) in terms {
            let (letter, id) = match row {
                Some((c, id)) => (c.to_string(), format!("kana-{id}")),
                None => (self.string("latin_names").to_string(), "latin".to_string()),
            };
            if letters.last().is_none_or(|l| l.id != id) {
                let terms: Vec<TermBrief<'a>> = Vec::new();
                letters.push(GlossaryLetter { letter, id, terms });
            }
            let last = letters.last_mut().expect("pushed above");
            last.terms.push(self.term_brief(i));
        }
        GlossaryValue { letters }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(
        lang: &'static str,
        permalink: &str,
        missing: bool,
        default: bool,
    ) -> Translation<'static> {
        Translation {
            lang,
            name: language_name(lang),
            url: String::new(),
            permalink: permalink.into(),
            current: false,
            missing,
            default,
        }
    }

    #[test]
    fn hreflang_links_skip_missing_versions_and_escape_urls() {
        let links = Contexts::hreflang_links(&[
            version("en", "https://e.org/a?x=1&y=\"2\"/", false, true),
            version("ja", "https://e.org/ja/", true, false),
            version("zh-Hant", "https://e.org/zh-Hant/a/", false, false),
        ]);
        assert_eq!(
            links,
            "\n<link rel=\"alternate\" hreflang=\"en\" href=\"https://e.org/a?x=1&amp;y=&quot;2&quot;/\">\
             \n<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://e.org/a?x=1&amp;y=&quot;2&quot;/\">\
             \n<link rel=\"alternate\" hreflang=\"zh-Hant\" href=\"https://e.org/zh-Hant/a/\">"
        );
        assert_eq!(Contexts::hreflang_links(&[]), "");
    }
}
