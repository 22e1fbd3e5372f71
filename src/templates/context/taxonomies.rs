//! The pages of the config's taxonomies: the list of a taxonomy's terms (`/tags/`) and each
//! term's pages (`/tags/<term>/`, paginated when the taxonomy sets `paginate_by`), rendered with
//! `<name>/list.html` and `<name>/single.html` when the site has them (Zola's names), else the
//! theme's `taxonomy_list.html` and `taxonomy_single.html`. Pages carry their terms as
//! `page.taxonomies`.

use super::pagers::{pager_count, paginator, window, Pagers, PaginatorValue, SECTION_PAGERS};
use super::types::{PageSummary, PageVars};
use super::{Contexts, Generated, PageJob, Subject};
use crate::model::DocId;
use crate::resolve::taxonomy::{terms_of, Taxonomy, TaxonomyTerm};
use crate::templates::section_pager;
use serde::Serialize;

/// `taxonomy`: the taxonomy a taxonomy page belongs to, with every term.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyValue<'a> {
    /// Its name in config.toml (`tags`).
    pub name: &'a str,
    /// Its name for readers (`Tags`, `タグ`): the `taxonomy_<name>` interface string when the
    /// theme or site has one.
    pub label: String,
    /// URL of the list of its terms.
    pub url: String,
    /// Its terms, by name.
    pub terms: Vec<TermLink<'a>>,
}

/// One term of a taxonomy, as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct TermLink<'a> {
    /// The term as pages write it.
    pub name: &'a str,
    /// Its URL segment.
    pub slug: &'a str,
    /// URL of its page (absent when the taxonomy has `render = false`).
    pub url: Option<String>,
    /// The number of pages listing it.
    pub count: usize,
}

/// One entry of `page.taxonomies`: a declared taxonomy and the page's terms in it.
#[derive(Debug, Clone, Serialize)]
pub struct PageTaxonomy<'a> {
    /// Its name in config.toml (`tags`).
    pub name: &'a str,
    /// Its name for readers.
    pub label: String,
    /// The page's terms in it, in the page's order.
    pub terms: Vec<TermLink<'a>>,
}

/// `taxonomy_term`: the term a term's page lists the pages of.
#[derive(Debug, Clone, Serialize)]
pub struct TermValue<'a> {
    /// The term as pages write it.
    pub name: &'a str,
    /// Its URL segment.
    pub slug: &'a str,
    /// URL of its page.
    pub url: String,
    /// URL of its Atom feed, when the taxonomy has `feed = true`.
    pub feed_url: Option<String>,
    /// URL of the timeline's topic of the same tag, on a term of `tags` that events list: the
    /// timeline's topics are the `tags` of its events.
    pub timeline_url: Option<String>,
    /// The number of pages listing it.
    pub count: usize,
    /// The pages on this pager (all of them when the taxonomy is not paginated).
    pub pages: Vec<PageSummary<'a>>,
}

impl<'a> Contexts<'a> {
    /// The taxonomy pages in this context's language.
    pub(super) fn taxonomy_jobs(&self) -> Vec<PageJob<'a>> {
        let index = self.input.index;
        let mut jobs = Vec::new();
        for (t, tax) in index.taxonomies.iter().enumerate() {
            if !tax.config.render {
                continue;
            }
            let list = self.taxonomy_template(&tax.config.name, "list", "taxonomy_list.html");
            let path = format!("{}{}index.html", index.prefix, tax.path());
            jobs.push(job(list, path, Generated::Taxonomy(t), 1));
            let single = self.taxonomy_template(&tax.config.name, "single", "taxonomy_single.html");
            for (n, term) in tax.terms.iter().enumerate() {
                let first = format!("{}{}", index.prefix, tax.term_path(term));
                let per = tax.config.paginate_by.unwrap_or(usize::MAX);
                for pager in 1..=pager_count(term.pages.len(), per) {
                    // Zola's `tags/rust/page/2/`, as a section's pagers.
                    let path = format!("{}index.html", section_pager(&first, pager));
                    jobs.push(job(single, path, Generated::TaxonomyTerm(t, n), pager));
                }
            }
        }
        jobs
    }

    /// `<name>/<kind>.html` when the templates have it, else `fallback`.
    fn taxonomy_template(&self, name: &str, kind: &str, fallback: &'static str) -> &'a str {
        let wanted = format!("{name}/{kind}.html");
        let templates: &'a crate::templates::Templates = self.input.templates;
        let names = templates.tera.get_template_names();
        names.into_iter().find(|n| *n == wanted).unwrap_or(fallback)
    }

    /// Title and variables of the list of taxonomy `t`'s terms.
    pub(super) fn taxonomy_vars(&self, t: usize) -> (String, PageVars<'a>) {
        let value = self.taxonomy_value(t);
        let title = value.label.clone();
        let vars = PageVars {
            taxonomy: Some(value),
            ..PageVars::default()
        };
        (title, vars)
    }

    /// Title and variables of pager `pager` of term `n` of taxonomy `t`.
    pub(super) fn term_vars(&self, t: usize, n: usize, pager: usize) -> (String, PageVars<'a>) {
        let tax: &'a Taxonomy = &self.input.index.taxonomies[t];
        let term = &tax.terms[n];
        let url = self.input.index.generated_url(&tax.term_path(term));
        let total = term.pages.len();
        let per = tax.config.paginate_by.unwrap_or(total.max(1));
        let shown = &term.pages[window(total, per, pager)];
        let pages: Vec<PageSummary<'a>> = shown.iter().map(|&p| self.page_summary(p)).collect();
        let at = Pagers {
            first: &url,
            sub: SECTION_PAGERS,
        };
        let paginator = tax
            .config
            .paginate_by
            .map(|per| PaginatorValue::Pages(paginator(total, per, pager, at, pages.clone())));
        let value = TermValue {
            name: &term.name,
            slug: &term.slug,
            feed_url: tax.config.feed.then(|| format!("{url}atom.xml")),
            timeline_url: self.topic_of(tax, term),
            url,
            count: total,
            pages,
        };
        let vars = PageVars {
            taxonomy: Some(self.taxonomy_value(t)),
            taxonomy_term: Some(value),
            paginator,
            ..PageVars::default()
        };
        (term.name.clone(), vars)
    }

    /// The URL of the timeline topic that is `term` of the `tags` taxonomy, if there is one.
    fn topic_of(&self, tax: &Taxonomy, term: &TaxonomyTerm) -> Option<String> {
        let topics = &self.input.index.timeline.topics;
        let mode = self.input.site.config.slugify.taxonomies;
        let slug = |t: &String| crate::resolve::taxonomy::term_slug(mode, t);
        let topic = topics.keys().find(|t| slug(t) == term.slug);
        topic
            .filter(|_| tax.config.name == "tags")
            .map(|t| self.topic_url(t))
    }

    fn taxonomy_value(&self, t: usize) -> TaxonomyValue<'a> {
        let index = self.input.index;
        let tax: &'a Taxonomy = &index.taxonomies[t];
        TaxonomyValue {
            name: &tax.config.name,
            label: self.taxonomy_label(&tax.config.name),
            url: index.generated_url(&tax.path()),
            terms: tax
                .terms
                .iter()
                .map(|term| self.term_link(tax, term))
                .collect(),
        }
    }

    fn term_link(&self, tax: &'a Taxonomy, term: &'a TaxonomyTerm) -> TermLink<'a> {
        let index = self.input.index;
        TermLink {
            name: &term.name,
            slug: &term.slug,
            url: tax
                .config
                .render
                .then(|| index.generated_url(&tax.term_path(term))),
            count: term.pages.len(),
        }
    }

    /// The taxonomy's name for readers in this language.
    pub(super) fn taxonomy_label(&self, name: &str) -> String {
        let index = self.input.index;
        let strings = &self.input.templates.strings;
        let key = format!("taxonomy_{name}");
        match strings.lookup(&index.lang, &index.default_lang, &key) {
            Some(s) => s.to_string(),
            None => super::generated::topic_name(name),
        }
    }

    /// `page.taxonomies`: the page's terms in each declared taxonomy it lists any in, in the
    /// config's order.
    pub(super) fn page_taxonomies(&self, id: DocId) -> Vec<PageTaxonomy<'a>> {
        let d = self.doc(id);
        let mut out = Vec::new();
        let index: &'a crate::resolve::Index = self.input.index;
        for tax in &index.taxonomies {
            let names = terms_of(d, &tax.config.name);
            let mode = self.input.site.config.slugify.taxonomies;
            let slugs = names
                .iter()
                .map(|n| crate::resolve::taxonomy::term_slug(mode, n));
            let links: Vec<TermLink<'a>> = slugs
                .filter_map(|s| tax.term(&s))
                .map(|term| self.term_link(tax, term))
                .collect();
            if !links.is_empty() {
                out.push(PageTaxonomy {
                    name: &tax.config.name,
                    label: self.taxonomy_label(&tax.config.name),
                    terms: links,
                });
            }
        }
        out
    }

    /// Whether the taxonomy page `g` (of `from`, this context's language) exists in `other`'s
    /// language, and its site path there.
    pub(super) fn taxonomy_page_in(
        &self,
        other: &crate::resolve::Index,
        g: &Generated<'_>,
    ) -> Option<String> {
        let here = &self.input.index.taxonomies;
        let (t, term) = match *g {
            Generated::Taxonomy(t) => (t, None),
            Generated::TaxonomyTerm(t, n) => (t, Some(&here[t].terms[n].slug)),
            _ => return None,
        };
        let theirs = other.taxonomies.get(t)?;
        let path = match term {
            None => theirs.path(),
            Some(slug) => theirs.term_path(theirs.term(slug)?),
        };
        Some(format!("{}{path}", other.prefix))
    }
}

fn job<'a>(template: &'a str, path: String, page: Generated<'a>, pager: usize) -> PageJob<'a> {
    PageJob {
        template,
        path,
        subject: Subject::Generated(page),
        lang: 0,
        pager,
    }
}
