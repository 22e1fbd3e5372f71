//! Translations: `name.ja.md` beside `name.md` is the original's Japanese edition.
//!
//! This module recognises a translation by its file name, checks that its original exists,
//! and fills in what the translation leaves out from the original's language-neutral front
//! matter (dates, weight, template, terms, related terms, sources). It never takes text.

use crate::error::Diagnostics;
use crate::model::{Doc, FrontMatter};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Splits a `content/` path into the original's path and the language of a translation:
/// `explainers/x.ja.md` → (`explainers/x.md`, `Some("ja")`) when `ja` is one of `languages`.
pub fn split_lang(content_path: &str, languages: &[String]) -> (String, Option<String>) {
    let (dir, file) = match content_path.rsplit_once('/') {
        Some((d, f)) => (format!("{d}/"), f),
        None => (String::new(), content_path),
    };
    let stem = file.strip_suffix(".md").unwrap_or(file);
    if let Some((name, lang)) = stem.rsplit_once('.') {
        if !name.is_empty() && languages.iter().any(|l| l == lang) {
            return (format!("{dir}{name}.md"), Some(lang.to_string()));
        }
    }
    (content_path.to_string(), None)
}

/// Links each translation in `docs` (not yet numbered) to its original and merges the
/// original's language-neutral front matter into it. `all` holds every Markdown file found
/// (drafts included): the translation of a draft left out is left out too; a translation
/// whose original does not exist is an error.
pub fn link_translations(docs: Vec<Doc>, all: &HashSet<&str>) -> (Vec<Doc>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let originals: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.content_path == d.neutral_path)
        .map(|(i, d)| (d.content_path.as_str(), i))
        .collect();
    // Each translation's merged front matter, URL and slug (None: it has no original), in
    // parallel: a bilingual 10,000-post site has 11,000 of them, and merging copies each
    // original's front matter.
    let merged: Vec<(usize, Option<Merged>)> = docs
        .par_iter()
        .enumerate()
        .with_max_len(crate::PIECE)
        .filter(|(_, d)| d.content_path != d.neutral_path)
        .map(|(i, d)| {
            let merged = originals.get(d.neutral_path.as_str()).map(|&o| {
                let orig = &docs[o];
                let (url, slug) = if d.meta.slug.is_none() && d.meta.path.is_none() {
                    (format!("{}/{}", d.lang, orig.url_path), orig.slug.clone())
                } else {
                    (d.url_path.clone(), d.slug.clone())
                };
                (merge(&d.meta, &orig.meta), url, slug)
            });
            (i, merged)
        })
        .collect();
    let mut docs = docs;
    let mut dropped = HashSet::new();
    for (i, merged) in merged {
        let d = &mut docs[i];
        let Some((meta, url, slug)) = merged else {
            if !all.contains(d.neutral_path.as_str()) {
                let message = format!(
                    "translation of content/{}, which does not exist",
                    d.neutral_path
                );
                let help = format!(
                    "a `{}` translation sits beside its original: add content/{} or rename this file",
                    d.lang, d.neutral_path
                );
                diags.push(d.file.error_at(0, message).with_help(help));
            }
            dropped.insert(i);
            continue;
        };
        d.meta = meta;
        d.url_path = url;
        d.slug = slug;
    }
    if !dropped.is_empty() {
        let kept = docs.into_iter().enumerate();
        docs = kept
            .filter(|(i, _)| !dropped.contains(i))
            .map(|(_, d)| d)
            .collect();
    }
    (docs, diags)
}

/// A translation's front matter merged with its original's, its URL path and its slug.
type Merged = (FrontMatter, String, String);

/// A translation's front matter with what it leaves out taken from the original's.
fn merge(t: &FrontMatter, o: &FrontMatter) -> FrontMatter {
    let mut m = t.clone();
    m.date = t.date.or(o.date);
    m.weight = t.weight.or(o.weight);
    m.paginate_by = t.paginate_by.or(o.paginate_by);
    m.template = t.template.clone().or_else(|| o.template.clone());
    if m.tags.is_empty() {
        m.tags = o.tags.clone();
    }
    m.insert_anchor_links = t.insert_anchor_links.or(o.insert_anchor_links);
    if m.taxonomies.is_empty() {
        m.taxonomies = o.taxonomies.clone();
    }
    if m.sources.is_empty() {
        m.sources = o.sources.clone();
    }
    m.glossary_autolink = t.glossary_autolink.or(o.glossary_autolink);
    m.search = t.search.or(o.search);
    m.render = t.render.or(o.render);
    if m.extra.as_object().is_some_and(|x| x.is_empty()) {
        m.extra = o.extra.clone();
    }
    if let (Some(tt), Some(ot)) = (m.term.as_mut(), o.term.as_ref()) {
        tt.ja = ot.ja.clone();
        tt.romaji = ot.romaji.clone();
        tt.related = ot.related.clone();
        tt.autolink = tt.autolink && ot.autolink;
    }
    m.event = o.event.clone();
    m
}

/// Sets each translation's `original` once documents are numbered.
pub(super) fn number_originals(docs: &mut [Doc]) {
    let by_path: HashMap<String, usize> = docs
        .iter()
        .filter(|d| d.content_path == d.neutral_path)
        .map(|d| (d.content_path.clone(), d.id))
        .collect();
    for d in docs.iter_mut() {
        if d.content_path != d.neutral_path {
            d.original = by_path.get(&d.neutral_path).copied();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_is_named_after_its_original() {
        let langs = ["ja".to_string()];
        let cases = [
            ("about.ja.md", "about.md", Some("ja")),
            ("_index.ja.md", "_index.md", Some("ja")),
            ("notes/two/index.ja.md", "notes/two/index.md", Some("ja")),
            ("notes/v1.fr.md", "notes/v1.fr.md", None),
            ("about.md", "about.md", None),
        ];
        for (path, neutral, lang) in cases {
            let (n, l) = split_lang(path, &langs);
            assert_eq!((n.as_str(), l.as_deref()), (neutral, lang), "{path}");
        }
    }
}
