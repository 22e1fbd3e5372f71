//! Taxonomies: the groupings the config declares (`taxonomies = [{ name = "tags" }]`), each
//! term with the pages that list it, in one language. Their pages (`/tags/`, `/tags/<term>/`)
//! are rendered from here.

use crate::config::TaxonomyConfig;
use crate::error::Diagnostics;
use crate::model::{Doc, DocId, DocKind, Site};
use std::collections::BTreeMap;

/// One taxonomy in one language.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// How the config declares it.
    pub config: TaxonomyConfig,
    /// Its terms, by name (case folded), each with its pages.
    pub terms: Vec<TaxonomyTerm>,
}

/// One term of a taxonomy and the pages that list it.
#[derive(Debug, Clone)]
pub struct TaxonomyTerm {
    /// The name as the first page (in page order) that lists it writes it.
    pub name: String,
    /// Its URL segment (`/tags/<slug>/`).
    pub slug: String,
    /// The pages listing it: newest first, undated last, then by title.
    pub pages: Vec<DocId>,
}

impl Taxonomy {
    /// Site path of the list of its terms (`tags/`), without the language prefix.
    pub fn path(&self) -> String {
        format!("{}/", self.config.name)
    }

    /// Site path of one term's page (`tags/rust/`), without the language prefix.
    pub fn term_path(&self, term: &TaxonomyTerm) -> String {
        term_path(&self.config.name, &term.slug)
    }

    /// The term whose slug is `slug`.
    pub fn term(&self, slug: &str) -> Option<&TaxonomyTerm> {
        self.terms.iter().find(|t| t.slug == slug)
    }
}

/// Site path of the page of the term with URL segment `slug` in the taxonomy `name`
/// (`tags/rust/`), without the language prefix.
fn term_path(name: &str, slug: &str) -> String {
    format!("{name}/{slug}/")
}

/// Site paths of the term pages that list `d` (without the language prefix), in the
/// taxonomies whose pages are written.
pub fn term_paths_of(site: &Site, d: &Doc) -> Vec<String> {
    let mode = site.config.slugify.taxonomies;
    let taxonomies = site.config.taxonomies.iter().filter(|t| t.render);
    taxonomies
        .flat_map(|t| {
            terms_of(d, &t.name)
                .iter()
                .map(|term| (&t.name, term_slug(mode, term)))
        })
        .filter(|(_, slug)| !slug.is_empty())
        .map(|(name, slug)| term_path(name, &slug))
        .collect()
}

/// The URL segment of the term `name` under the site's `[slugify] taxonomies`.
pub fn term_slug(mode: crate::config::TermSlugs, name: &str) -> String {
    match mode {
        crate::config::TermSlugs::Unicode => crate::load::slugify(name),
        crate::config::TermSlugs::On => slug::slugify(name),
    }
}

/// The terms `d` lists in the taxonomy `name`.
pub fn terms_of<'d>(d: &'d Doc, name: &str) -> &'d [String] {
    if name == "tags" {
        return &d.meta.tags;
    }
    d.meta.taxonomies.get(name).map_or(&[], Vec::as_slice)
}

/// Whether `d` is a page a taxonomy lists: written (not `render = false`, which Zola lists
/// with a link to nothing), not a section or a redirect.
fn listable(d: &Doc) -> bool {
    !d.broken && d.is_rendered() && d.kind != DocKind::Section && d.meta.redirect_to.is_none()
}

/// The declared taxonomies with the pages in `lang`.
pub fn build(site: &Site, lang: &str) -> Vec<Taxonomy> {
    let docs: Vec<&Doc> = site
        .docs
        .iter()
        .filter(|d| d.lang == lang && listable(d))
        .collect();
    site.config
        .taxonomies
        .iter()
        .map(|config| Taxonomy {
            config: config.clone(),
            terms: terms(site, &docs, &config.name),
        })
        .collect()
}

fn terms(site: &Site, docs: &[&Doc], name: &str) -> Vec<TaxonomyTerm> {
    let all = &site.docs;
    let mut by_slug: BTreeMap<String, TaxonomyTerm> = BTreeMap::new();
    for d in docs {
        for t in terms_of(d, name) {
            let slug = term_slug(site.config.slugify.taxonomies, t);
            if slug.is_empty() {
                continue; // an error from `check`
            }
            let term = by_slug.entry(slug.clone()).or_insert_with(|| TaxonomyTerm {
                name: t.trim().to_string(),
                slug,
                pages: Vec::new(),
            });
            if term.pages.last() != Some(&d.id) {
                term.pages.push(d.id);
            }
        }
    }
    let mut list: Vec<TaxonomyTerm> = by_slug.into_values().collect();
    for t in &mut list {
        t.pages.sort_by_cached_key(|&id| {
            let d = &all[id];
            let newest = std::cmp::Reverse(d.meta.date.map(|x| x.earliest()));
            (d.meta.date.is_none(), newest, d.meta.title.clone())
        });
    }
    list.sort_by_cached_key(|t| (t.name.to_lowercase(), t.slug.clone()));
    list
}

/// Errors for taxonomies that pages use but the config does not declare, and for content files
/// at a URL a taxonomy generates.
pub fn check(site: &Site, diags: &mut Diagnostics) {
    let declared = |n: &str| site.config.taxonomies.iter().any(|t| t.name == n);
    for d in site.docs.iter().filter(|d| d.original.is_none()) {
        for name in d.meta.taxonomies.keys().filter(|n| !declared(n)) {
            let message = format!("taxonomy `{name}` is not declared in config.toml");
            let help = format!(
                "add it to config.toml: `taxonomies = [{{ name = \"{name}\" }}]` (with the others)"
            );
            let in_table = crate::keys::locate_key(d.front_matter_text(), name, Some("taxonomies"));
            let at = in_table.map_or_else(|| d.key_offset(name), |o| o + d.front_matter.start);
            diags.push(d.file.error_at(at, message).with_help(help));
        }
    }
    empty_slugs(site, diags);
    for t in site.config.taxonomies.iter().filter(|t| t.render) {
        let prefix = format!("{}/", t.name);
        let generated = |d: &&Doc| {
            let path = d.url_path.split_once('/').map_or("", |(l, rest)| {
                if site.config.languages.contains_key(l) {
                    rest
                } else {
                    &d.url_path
                }
            });
            path.starts_with(&prefix)
        };
        for d in site.docs.iter().filter(generated) {
            let message = format!(
                "/{} is generated by the taxonomy `{}` and cannot be written by a content file",
                d.url_path, t.name
            );
            let help = "move the file, or rename the taxonomy in config.toml";
            diags.push(d.file.error_at(0, message).with_help(help));
        }
    }
}

/// An error for each term that makes no URL segment (`++`: no letter or digit).
fn empty_slugs(site: &Site, diags: &mut Diagnostics) {
    let mode = site.config.slugify.taxonomies;
    for tax in &site.config.taxonomies {
        let key = if tax.name == "tags" {
            "tags"
        } else {
            tax.name.as_str()
        };
        // A translation that took its terms from its original is reported there.
        let own = |d: &&Doc| {
            d.original
                .is_none_or(|o| terms_of(&site.docs[o], &tax.name) != terms_of(d, &tax.name))
        };
        for d in site.docs.iter().filter(own) {
            for term in terms_of(d, &tax.name) {
                if term_slug(mode, term).is_empty() {
                    let message = format!(
                        "`{term}` in `{}` has no letter or digit to make its page's URL from",
                        tax.name
                    );
                    let help = "name the term with at least one letter or digit";
                    let at = d.value_offset(key, &format!("\"{term}\""));
                    diags.push(d.file.error_at(at, message).with_help(help));
                }
            }
        }
    }
}
