//! Stage 2, resolve: everything that crosses documents, computed once before rendering.
//!
//! The [`Index`] maps `@/` paths and URLs to documents, holds the glossary matcher and the
//! timeline, lists each section's pages in order, and checks what can be checked without
//! rendering (duplicate URLs, unknown related terms). It is immutable afterwards, so Markdown
//! rendering can run in parallel over it.

pub mod glossary;
pub mod taxonomy;
pub mod timeline;

use crate::error::{Diagnostic, Diagnostics};
use crate::model::{Doc, DocId, DocKind, Site, SortBy};
use std::collections::HashMap;

/// The cross-reference index.
#[derive(Debug, Clone)]
pub struct Index {
    /// The base path (`/` or `/sub/`).
    pub base_path: String,
    /// Absolute origin + base (`https://example.org/sub`), for permalinks.
    pub origin: String,
    /// `content/`-relative path → document.
    pub by_path: HashMap<String, DocId>,
    /// The glossary.
    pub glossary: glossary::Glossary,
    /// The timeline.
    pub timeline: timeline::Timeline,
    /// The taxonomies the config declares, with this language's pages.
    pub taxonomies: Vec<taxonomy::Taxonomy>,
    /// Section → its pages, sorted by weight, then date (newest first), then title.
    pub section_pages: HashMap<DocId, Vec<DocId>>,
    /// Section → its subsections, sorted the same way.
    pub subsections: HashMap<DocId, Vec<DocId>>,
    /// The language of the pages this index serves (the default language's, or a view's).
    pub lang: String,
    /// The site's default language.
    pub default_lang: String,
    /// The URL prefix of this language (`ja/`; empty for the default language).
    pub prefix: String,
    /// By document id: every version of a document that exists in more than one language,
    /// the original first, then the translations in language order (empty for the others).
    pub versions: Vec<Vec<DocId>>,
    /// One index per other language, with that language's glossary and timeline.
    pub views: Vec<Index>,
}

impl Index {
    /// The index for pages in `lang` (this one when `lang` has no view).
    pub fn view(&self, lang: &str) -> &Index {
        self.views.iter().find(|v| v.lang == lang).unwrap_or(self)
    }
    /// The document `path` (a `content/` path, as `@/` links write it) names for a page in
    /// `lang`: its translation into `lang` when there is one, else the document itself.
    pub fn find(&self, path: &str, lang: &str) -> Option<DocId> {
        if lang != self.default_lang {
            if let Some(stem) = path.strip_suffix(".md") {
                // Every `@/` link of a translated page asks: no allocation for the name.
                let mut buf = [0u8; 256];
                let found = match concat_into(&mut buf, &[stem, ".", lang, ".md"]) {
                    Some(name) => self.by_path.get(name),
                    None => self.by_path.get(&format!("{stem}.{lang}.md")),
                };
                if let Some(&id) = found {
                    return Some(id);
                }
            }
        }
        self.by_path.get(path).copied()
    }
    /// The versions of a document in every language (just itself when it has no other).
    pub fn versions_of(&self, id: DocId) -> std::borrow::Cow<'_, [DocId]> {
        match self.versions.get(id).filter(|v| !v.is_empty()) {
            Some(v) => std::borrow::Cow::Borrowed(v),
            None => std::borrow::Cow::Owned(vec![id]),
        }
    }
    /// Root-relative URL of a page the build generates in this index's language
    /// (`glossary/` → `/ja/glossary/`).
    pub fn generated_url(&self, path: &str) -> String {
        format!(
            "{}{}{}",
            self.base_path,
            self.prefix,
            path.trim_start_matches('/')
        )
    }
    /// Root-relative URL of a document (`/sub/notes/one/`).
    pub fn url(&self, doc: &Doc) -> String {
        format!("{}{}", self.base_path, doc.url_path)
    }
    /// Root-relative URL of any site path.
    pub fn url_of(&self, path: &str) -> String {
        join(&[&self.base_path, path.trim_start_matches('/')])
    }
    /// Absolute permalink of a site path.
    pub fn permalink_of(&self, path: &str) -> String {
        if self.origin.contains("://") {
            join(&[&self.origin, "/", path.trim_start_matches('/')])
        } else {
            self.url_of(path)
        }
    }
}

/// `parts` end to end, in one allocation: URLs are made for every link of every page, where
/// `format!`'s machinery cost more than the copying.
fn join(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    parts.iter().for_each(|p| out.push_str(p));
    out
}

/// Section order: weight, then newest date, then title.
type OrderKey = (i64, std::cmp::Reverse<Option<(i32, u8, u8)>>, String);

fn order_key(d: &Doc) -> OrderKey {
    (
        d.meta.weight.unwrap_or(i64::MAX),
        std::cmp::Reverse(d.meta.date.map(|x| x.earliest())),
        d.meta.title.to_lowercase(),
    )
}

/// Where `d` goes in a section sorted `by`: what `sort_by` names first; the title breaks ties.
fn sort_key(by: SortBy, d: &Doc) -> OrderKey {
    let (weight, date, title) = order_key(d);
    let none = std::cmp::Reverse(None);
    match by {
        SortBy::Default => (weight, date, title),
        SortBy::Date => (0, date, title),
        SortBy::Title => (0, none, title),
        SortBy::Weight => (weight, none, title),
        SortBy::UpdateDate => {
            let later = d.meta.date.max(d.meta.updated).map(|x| x.earliest());
            (0, std::cmp::Reverse(later), title)
        }
        SortBy::TitleBytes => (0, none, d.meta.title.clone()),
        SortBy::Slug => (0, none, format!("{}\u{0}{title}", d.slug.to_lowercase())),
        SortBy::Permalink => (0, none, d.url_path.clone()),
    }
}

/// Every document by `content/` path; two documents writing one URL, or a document writing a
/// URL the build generates, are errors.
fn paths(docs: &[Doc], diags: &mut Diagnostics) -> HashMap<String, DocId> {
    let mut by_path = HashMap::new();
    let mut by_url: HashMap<&str, DocId> = HashMap::new();
    for d in docs {
        by_path.insert(d.content_path.clone(), d.id);
        if let Some(&other) = by_url.get(d.url_path.as_str()) {
            let o = &docs[other];
            let message = format!(
                "two sources write the same URL /{}: {} and {}",
                d.url_path, o.file.path, d.file.path
            );
            let help = "rename one of the files or give it a different `slug`";
            diags.push(Diagnostic::error(d.file.location(0), message).with_help(help));
        } else {
            by_url.insert(&d.url_path, d.id);
        }
        let topic = d.url_path.starts_with("timeline/topics/") && d.kind != DocKind::Section;
        if d.url_path == "sources/" || topic {
            let message = format!(
                "/{} is generated by kaisetsu and cannot be written by a content file",
                d.url_path
            );
            diags.push(Diagnostic::error(d.file.location(0), message));
        }
    }
    check_redirects(docs, diags);
    by_path
}

/// A redirect (`redirect_from`, `aliases`) must not be written where a document or another
/// redirect is: one of them would silently replace the other.
fn check_redirects(docs: &[Doc], diags: &mut Diagnostics) {
    let written = docs.iter().filter(|d| d.is_rendered());
    let mut files: HashMap<String, (DocId, Option<&str>)> =
        written.map(|d| (d.page_file(), (d.id, None))).collect();
    for d in docs.iter().filter(|d| d.is_rendered()) {
        for from in &d.meta.redirect_from {
            let file = crate::model::redirect_file(from);
            let Some(&(other, other_from)) = files.get(&file) else {
                files.insert(file, (d.id, Some(from)));
                continue;
            };
            let o = &docs[other].file.path;
            let (message, help) = match other_from {
                None => (
                    format!("the redirect from \"{from}\" would replace {o}: both are written at /{file}"),
                    "remove the redirect, or move the page it would replace".to_string(),
                ),
                Some(_) => (
                    format!("two redirects write /{file}: \"{from}\" here, and one in {o}"),
                    "keep the redirect on one page only".to_string(),
                ),
            };
            let at = d.redirect_offset(from);
            diags.push(d.file.error_at(at, message).with_help(help));
        }
    }
}

/// Checks that every term's `related` names a term.
fn check_related(docs: &[Doc], glossary: &glossary::Glossary, diags: &mut Diagnostics) {
    for t in &glossary.terms {
        let d = &docs[t.doc];
        let term = d.meta.term.as_ref().expect("term docs have term meta");
        for rel in term
            .related
            .iter()
            .filter(|r| glossary.terms.iter().all(|o| &o.slug != *r))
        {
            let at = d.value_offset("related", rel);
            let mut diag = d
                .file
                .error_at(at, format!("unknown glossary term `{rel}` in `related`"));
            if let Some(s) = glossary.suggest(rel) {
                diag = diag.with_help(format!("did you mean {s}?"));
            }
            diags.push(diag);
        }
    }
}

/// Each section's pages and subsections, in order.
type Children = HashMap<DocId, Vec<DocId>>;

/// Each section's pages and its subsections (those written), sorted by [`order_key`].
fn children(docs: &[Doc]) -> (Children, Children) {
    let mut section_pages: Children = HashMap::new();
    let mut subsections: Children = HashMap::new();
    // A page or section with `render = false` is in no listing (Zola leaves such a page out
    // of its section's `pages`): there is nothing to link to.
    for d in docs.iter().filter(|d| d.is_rendered()) {
        if let Some(p) = d.parent {
            let list = if d.kind == DocKind::Section {
                &mut subsections
            } else {
                &mut section_pages
            };
            list.entry(p).or_default().push(d.id);
        }
    }
    for list in subsections.values_mut() {
        list.sort_by_cached_key(|&id| order_key(&docs[id]));
    }
    for (&section, list) in section_pages.iter_mut() {
        let by = docs[section].meta.sort_by.unwrap_or_default();
        list.sort_by_cached_key(|&id| sort_key(by, &docs[id]));
    }
    (section_pages, subsections)
}

/// Every version of each document that has translations, keyed by each of them.
/// `parts` joined in `buf`, when they fit.
fn concat_into<'b>(buf: &'b mut [u8], parts: &[&str]) -> Option<&'b str> {
    let mut len = 0;
    for p in parts {
        buf.get_mut(len..len + p.len())?
            .copy_from_slice(p.as_bytes());
        len += p.len();
    }
    std::str::from_utf8(&buf[..len]).ok()
}

fn versions(site: &Site) -> Vec<Vec<DocId>> {
    let order: Vec<&String> = site.config.languages.keys().collect();
    let mut groups: HashMap<DocId, Vec<DocId>> = HashMap::new();
    // A version that is not written (`render = false`) is not offered as one.
    for d in site.docs.iter().filter(|d| d.is_rendered()) {
        if let Some(o) = d.original.filter(|&o| site.docs[o].is_rendered()) {
            groups.entry(o).or_insert_with(|| vec![o]).push(d.id);
        }
    }
    let mut out = vec![Vec::new(); site.docs.len()];
    for (_, mut group) in groups {
        let rank = |id: &DocId| order.iter().position(|l| **l == site.docs[*id].lang);
        group[1..].sort_by_key(rank);
        for &id in &group {
            out[id] = group.clone();
        }
    }
    out
}

/// The index of the pages in `lang`: the default index with that language's glossary,
/// timeline and URL prefix.
fn view(site: &Site, base: &Index, lang: &str, diags: &mut Diagnostics) -> Index {
    let docs = &site.docs;
    let mut glossary = glossary::Glossary::build_for(docs, lang, diags);
    let base_path = base.base_path.clone();
    let other = |t: &glossary::Term| Some(docs[t.doc].lang.clone()).filter(|l| l != lang);
    glossary.prepare_markup_in(|t| format!("{base_path}{}", docs[t.doc].url_path), other);
    // A translation takes its `terms` from the original, whose own timeline reported them.
    let mut reported = Diagnostics::default();
    let timeline = timeline::Timeline::build_for(docs, Some(lang), &glossary, &mut reported);
    Index {
        glossary,
        timeline,
        taxonomies: taxonomy::build(site, lang),
        lang: lang.to_string(),
        prefix: format!("{lang}/"),
        views: Vec::new(),
        ..base.clone()
    }
}

/// Builds the index for `site`: the default language's, with a view for each other language.
pub fn resolve(site: &Site) -> (Index, Diagnostics) {
    let (mut index, mut diags) = resolve_default(site);
    let default = &site.config.language;
    let views: Vec<Index> = site
        .config
        .languages
        .keys()
        .filter(|l| *l != default)
        .map(|l| view(site, &index, l, &mut diags))
        .collect();
    index.views = views;
    (index, diags)
}

/// The default language's index.
fn resolve_default(site: &Site) -> (Index, Diagnostics) {
    let mut diags = Diagnostics::default();
    let docs = &site.docs;
    let by_path = paths(docs, &mut diags);
    let mut glossary = glossary::Glossary::build(docs, &mut diags);
    let base_path = site.config.base_path();
    glossary.prepare_markup(|t| format!("{base_path}{}", docs[t.doc].url_path));
    check_related(docs, &glossary, &mut diags);
    let timeline = timeline::Timeline::build(docs, &glossary, &mut diags);
    let (section_pages, subsections) = children(docs);
    taxonomy::check(site, &mut diags);
    let index = Index {
        base_path,
        origin: site.config.origin_and_base(),
        by_path,
        glossary,
        timeline,
        taxonomies: taxonomy::build(site, &site.config.language),
        section_pages,
        subsections,
        lang: site.config.language.clone(),
        default_lang: site.config.language.clone(),
        prefix: String::new(),
        versions: versions(site),
        views: Vec::new(),
    };
    (index, diags)
}
