//! The template stage's heart: each page's typed context (names follow Zola: `config`, `page`,
//! `section`), and rendering it with Tera.
//!
//! The stage is a set of pure functions: [`Contexts::new`] builds what every page shares,
//! [`Contexts::jobs`] lists the pages, [`Contexts::context`] builds one page's context and
//! [`Contexts::render`] renders it. Deciding which pages to render (all of them, or only those
//! an edit can change) and whether an earlier rendering can stand is the caller's business:
//! `pipeline` renders every page, `incremental` compares [`context_hash`]es.

mod generated;
mod globals;
mod i18n;
mod kana;
mod lists;
mod nav;
pub mod pagers;
pub mod share;
mod shared;
pub use shared::context_hash;
pub mod taxonomies;
pub mod types;
mod values;

use super::Templates;
use crate::error::{Diagnostic, Location};
use crate::links::Backlinks;
use crate::markdown::RenderedDoc;
use crate::model::{DocId, DocKind, Site};
use crate::resolve::Index;
use std::borrow::Cow;
use std::hash::Hasher;
use types::*;

/// Everything the template stage reads.
#[derive(Clone, Copy)]
pub struct TemplateInput<'a> {
    /// The site.
    pub site: &'a Site,
    /// The index.
    pub index: &'a Index,
    /// Rendered Markdown, by document id.
    pub rendered: &'a [RenderedDoc],
    /// Cross references.
    pub back: &'a Backlinks,
    /// Loaded templates.
    pub templates: &'a Templates,
}

/// What a page stands for.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// A document's own page.
    Doc(DocId),
    /// A page no document stands for.
    Generated(Generated<'a>),
}

/// The pages no document stands for.
#[derive(Debug, Clone, Copy)]
pub enum Generated<'a> {
    /// The glossary index, when `content/glossary/_index.md` does not exist.
    Glossary,
    /// The timeline, when `content/timeline/_index.md` does not exist.
    Timeline,
    /// One topic of the timeline.
    Topic(&'a str),
    /// The sources page.
    Sources,
    /// `404.html`.
    NotFound,
    /// A page of the full "Mentioned in" list of a term (its document).
    Mentions(DocId),
    /// The list of the terms of a taxonomy (by its place in the index's taxonomies).
    Taxonomy(usize),
    /// The pages of one term of a taxonomy: (taxonomy, term), by place.
    TaxonomyTerm(usize, usize),
}

/// One page to render.
#[derive(Debug, Clone)]
pub struct PageJob<'a> {
    /// The template's name.
    pub template: &'a str,
    /// Output path (`notes/one/index.html`).
    pub path: String,
    /// What the page stands for.
    pub subject: Subject<'a>,
    /// Its language: 0 for the default language, `n` for the `n`th of the others.
    pub lang: usize,
    /// Which page of a split listing it is, from 1 (1 for every other page).
    pub pager: usize,
}

impl PageJob<'_> {
    /// True when the page shows the timeline (the timeline index and topic pages).
    pub fn shows_timeline(&self) -> bool {
        matches!(self.template, "timeline.html" | "topic.html")
    }

    /// The document the page stands for.
    pub fn doc(&self) -> Option<DocId> {
        match self.subject {
            Subject::Doc(id) => Some(id),
            Subject::Generated(_) => None,
        }
    }

    /// The document whose page this one belongs to: its own, or the term of a "Mentioned in"
    /// list.
    pub fn owner(&self) -> Option<DocId> {
        match self.subject {
            Subject::Doc(id) | Subject::Generated(Generated::Mentions(id)) => Some(id),
            Subject::Generated(_) => None,
        }
    }
}

/// What every page's context is built from: the stage's input and the values all pages share.
pub struct Contexts<'a> {
    input: TemplateInput<'a>,
    /// The default language's index (`input.index` is the page language's view of it).
    root: &'a Index,
    /// The same for each other language (empty in those).
    others: Vec<Contexts<'a>>,
    globals: SiteGlobals<'a>,
    /// Each document's URL, by id.
    urls: Vec<String>,
    /// Each document's place in referrer lists, by id.
    rank: Vec<u32>,
    /// Each term's "Mentioned in" list in this language, as places in its list of referrers
    /// (`back.mentions`), in the order shown, sorted when first asked for (by the term page or
    /// any of its pagers): sorting the whole list again for each pager of 100 entries made the
    /// cost grow with the square of a term's mentions.
    mentions: std::collections::HashMap<DocId, std::sync::OnceLock<Vec<u32>>>,
    /// The languages that have a home page (`_index.md`), where a page with no version in a
    /// language sends its language switch.
    homes: Vec<&'a str>,
    has_sources: bool,
    /// Some template names `translations`.
    with_translations: bool,
    /// Some template names `nav` (the default theme writes `nav_html` and `nav_trail`).
    with_nav: bool,
}

fn default_template(kind: DocKind, content_path: &str) -> &'static str {
    match (kind, content_path) {
        (DocKind::Section, "_index.md") => "index.html",
        (DocKind::Section, "glossary/_index.md") => "glossary.html",
        (DocKind::Section, "timeline/_index.md") => "timeline.html",
        (DocKind::Section, _) => "section.html",
        (DocKind::Term, _) => "term.html",
        (DocKind::Event, _) => "event.html",
        (DocKind::Page, _) => "page.html",
    }
}

impl<'a> Contexts<'a> {
    /// Builds what every page shares, for the pages in every language.
    pub fn new(input: TemplateInput<'a>) -> Self {
        let mut cx = Self::for_lang(input, &input.index.lang);
        let views = input.index.views.iter();
        cx.others = views.map(|v| Self::for_lang(input, &v.lang)).collect();
        cx
    }

    /// The contexts of `job`'s language.
    fn of(&self, job: &PageJob<'_>) -> &Contexts<'a> {
        match job.lang {
            0 => self,
            n => self.others.get(n - 1).unwrap_or(self),
        }
    }

    /// Builds what every page in `lang` shares (`input.index` is the default language's).
    fn for_lang(input: TemplateInput<'a>, lang: &str) -> Self {
        let root = input.index;
        let input = TemplateInput {
            index: root.view(lang),
            ..input
        };
        let (site, index) = (input.site, input.index);
        let config = &site.config;
        let has_sources = site
            .docs
            .iter()
            .any(|d| !d.meta.sources.is_empty() && d.lang == index.lang);
        let globals = SiteGlobals {
            config: ConfigValue::for_lang(config, &index.lang),
            feed_url: index.generated_url("atom.xml"),
            home_url: index.generated_url(""),
            lang: &index.lang,
            default_language: &index.default_lang,
            i18n: input
                .templates
                .strings
                .for_lang(&index.lang, &index.default_lang),
            glossary_terms: Vec::new(),
            site_nav: nav::navigation(input, has_sources),
            hash: 0,
            id: 0,
            search: config.search.enabled.then(|| SearchLinks {
                index_url: index.generated_url(&format!("{}/", crate::config::SEARCH_DIR)),
            }),
        };
        let mut cx = Contexts {
            input,
            root,
            others: Vec::new(),
            globals,
            with_nav: input.templates.uses("nav"),
            urls: site.docs.iter().map(|d| index.url(d)).collect(),
            rank: values::referrer_ranks(&site.docs),
            mentions: input
                .back
                .mentions
                .keys()
                .map(|&t| (t, Default::default()))
                .collect(),
            homes: site
                .docs
                .iter()
                .filter(|d| d.neutral_path == "_index.md")
                .map(|d| d.lang.as_str())
                .collect(),
            has_sources,
            with_translations: input.templates.uses("translations"),
        };
        // Only built when a template uses it: 500 terms copied into every page's context add up.
        if input.templates.uses("glossary_terms") {
            let terms = (0..index.glossary.terms.len()).map(|t| cx.term_brief(t));
            cx.globals.glossary_terms = terms.collect();
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        shared::hash_serialized(&cx.globals, &mut h);
        cx.globals.hash = h.finish();
        cx.globals.id = shared::next_id();
        cx
    }

    /// Every page of the site, in every language: documents' pages first, then generated ones.
    pub fn jobs(&self) -> Vec<PageJob<'a>> {
        let mut jobs = self.jobs_here();
        for (n, other) in self.others.iter().enumerate() {
            let theirs = other.jobs_here().into_iter();
            jobs.extend(theirs.map(|j| PageJob { lang: n + 1, ..j }));
        }
        jobs
    }

    /// The pages in this context's language.
    fn jobs_here(&self) -> Vec<PageJob<'a>> {
        let site = self.input.site;
        let lang = &self.input.index.lang;
        // A section with `redirect_to` is written as a redirect, with the feeds; a document
        // with `render = false` is not written.
        let docs = site.docs.iter().filter(|d| !d.broken && d.lang == *lang);
        let docs = docs.filter(|d| d.meta.redirect_to.is_none() && d.is_rendered());
        let mut jobs = Vec::new();
        for d in docs {
            let template = d.meta.template.as_deref();
            let job = PageJob {
                template: template.unwrap_or_else(|| default_template(d.kind, &d.neutral_path)),
                path: d.page_file(),
                subject: Subject::Doc(d.id),
                lang: 0,
                pager: 1,
            };
            let pagers = self.section_pager_jobs(&job);
            jobs.push(job);
            jobs.extend(pagers);
        }
        jobs.extend(generated::jobs(self));
        jobs.extend(self.taxonomy_jobs());
        jobs.extend(self.mention_jobs());
        jobs
    }

    /// The output path of the page `job` belongs to: a pager's is its listing's first page, a
    /// "Mentioned in" list's its term's page; any other page's its own. An edit that changes
    /// a listing names its first page; every pager of it is then looked at.
    pub fn owner_path<'j>(&self, job: &'j PageJob<'_>) -> Cow<'j, str> {
        match (job.subject, job.pager) {
            (Subject::Doc(_), 1) => Cow::Borrowed(&job.path),
            (Subject::Doc(id) | Subject::Generated(Generated::Mentions(id)), _) => {
                Cow::Owned(format!("{}index.html", self.input.site.docs[id].url_path))
            }
            (Subject::Generated(Generated::TaxonomyTerm(..)), n) if n > 1 => {
                let pager = format!("{}{n}/index.html", pagers::SECTION_PAGERS);
                let first = job.path.strip_suffix(&pager).unwrap_or(&job.path);
                Cow::Owned(format!("{first}index.html"))
            }
            (Subject::Generated(_), _) => Cow::Borrowed(&job.path),
        }
    }

    /// Roughly how long a page takes to render: the entries it lists. Rendering the longest
    /// first keeps a core from rendering one of them alone at the end.
    pub fn weight(&self, job: &PageJob<'_>) -> usize {
        let this = self.of(job);
        if !std::ptr::eq(this, self) {
            return this.weight(job);
        }
        let (index, back) = (self.input.index, self.input.back);
        let listed = match job.template {
            "glossary.html" => index.glossary.terms.len(),
            "timeline.html" => index.timeline.events.len(),
            _ => 0,
        };
        if let Subject::Generated(Generated::Mentions(_)) = job.subject {
            return 1 + pagers::MENTIONS_PER_PAGER;
        }
        let Some(id) = job.doc() else {
            return 1 + listed;
        };
        let pages = index.section_pages.get(&id).map_or(0, Vec::len);
        let mentions = back.mentions.get(&id).map_or(0, Vec::len);
        let linked = back.linked_from.get(&id).map_or(0, Vec::len);
        1 + listed + pages + mentions + linked
    }

    /// The context of `job`'s page, without the document's body (see
    /// [`PageContext::set_content`]); an error when its template does not exist.
    pub fn context(&'a self, job: &PageJob<'a>) -> Result<PageContext<'a>, Diagnostic> {
        let this = self.of(job);
        if !std::ptr::eq(this, self) {
            return this.context(job);
        }
        let site = self.input.site;
        let (title, description, vars, has_code) = match job.subject {
            Subject::Doc(id) => {
                let d = &site.docs[id];
                self.check_template(id, job.template)?;
                let vars = self.doc_vars(id, job);
                let description = self.doc_description(id);
                let has_code = self.input.rendered[id].has_code;
                (
                    Cow::Borrowed(d.meta.title.as_str()),
                    description,
                    vars,
                    has_code,
                )
            }
            Subject::Generated(g) => {
                let (title, vars) = generated::vars(self, job, &g);
                (Cow::Owned(title), None, vars, false)
            }
        };
        let share = self.share(job.doc())?;
        let mut ctx = self.page_context(job, title, description, vars, has_code);
        ctx.share = share;
        Ok(ctx)
    }

    fn page_context(
        &'a self,
        job: &PageJob<'a>,
        title: Cow<'a, str>,
        description: Option<&'a str>,
        vars: PageVars<'a>,
        has_code: bool,
    ) -> PageContext<'a> {
        let index = self.input.index;
        let current = job.path.trim_end_matches("index.html");
        let here = index.url_of(current);
        let spot = nav::Here {
            url: &here,
            home: &self.globals.home_url,
            limit: self.input.site.config.nav.limit,
        };
        let nav = nav::Nav::at(&self.globals.site_nav, &spot, self.with_nav);
        let translations = self.translations(job);
        PageContext {
            site: &self.globals,
            title,
            description: description.unwrap_or(&self.input.site.config.description),
            current_url: index.permalink_of(current),
            current_path: here,
            extra_head: "",
            extra_body: "",
            has_code,
            hreflang_links: Self::hreflang_links(&translations),
            language_switch: Self::language_switch(&translations),
            // Left out when no template reads it (the default theme uses the two above).
            translations: match self.with_translations {
                true => translations,
                false => Vec::new(),
            },
            nav_html: nav.html,
            nav_more: nav.more,
            nav_trail: nav.trail,
            nav: nav.entries,
            // Set by `context`, which can fail when the image is missing.
            share: share::Share::default(),
            vars,
        }
    }

    fn doc_vars(&self, id: DocId, job: &PageJob<'_>) -> PageVars<'a> {
        let template = job.template;
        let mut vars = PageVars::default();
        let d = self.doc(id);
        if d.kind == DocKind::Section {
            let mut section = self.section_value(id, d.meta.paginate_by.is_none());
            if let Some(per) = d.meta.paginate_by {
                let p = self.section_paginator(id, per, job.pager);
                // Themes that know nothing of pagers still list this pager's pages.
                section.pages = p.pages.clone();
                vars.paginator = Some(pagers::PaginatorValue::Pages(p));
            }
            vars.section = Some(section);
            vars.page = Some(None);
        } else {
            vars.page = Some(Some(self.page_value(id)));
        }
        if template == "glossary.html" {
            vars.glossary = Some(self.glossary_value());
        }
        if template == "timeline.html" {
            vars.timeline = Some(self.timeline_value(None));
        }
        vars
    }

    /// Renders `job`'s page from `ctx`, the document's body put in first: the page's UTF-8
    /// bytes, written straight into one buffer sized for the body and the template around it
    /// (Tera's `render` starts from 2 KB, and checks the whole page again as UTF-8 to make a
    /// `String` that is only ever written out as bytes).
    pub fn render(&self, job: &PageJob<'_>, ctx: PageContext<'a>) -> Result<Vec<u8>, Diagnostic> {
        let this = self.of(job);
        if !std::ptr::eq(this, self) {
            return this.render(job, ctx);
        }
        let content;
        let mut ctx: PageContext<'_> = ctx;
        if let Some(id) = job.doc() {
            content = super::shortcodes::expand(&self.input.rendered[id], &self.input)?;
            ctx.set_content(&content);
        }
        let templates = self.input.templates;
        let mut page = Vec::with_capacity(PAGE_AROUND_BODY + content_len(job, &self.input));
        let rendered = shared::with_context(&self.globals, &ctx, |tera_cx| {
            templates.tera.render_to(job.template, tera_cx, &mut page)
        });
        let rendered = rendered.map_err(|e| {
            Diagnostic::error(Location::file(&job.path), format!("template context: {e}"))
        })?;
        rendered.map_err(|e| {
            let doc = job.doc().map(|id| &self.input.site.docs[id]);
            let while_ = doc.map(|d| format!(" (while rendering {})", d.file.path));
            templates.error(job.template, &e, &while_.unwrap_or_default())
        })?;
        Ok(page)
    }
}

/// Bytes a theme's page holds around its body, as a first guess of a page's size: the default
/// theme's header, navigation, sidebar and footer come to 6–10 KB.
const PAGE_AROUND_BODY: usize = 12 << 10;

/// The length of the body `job`'s page shows (0 for a generated page).
fn content_len(job: &PageJob<'_>, input: &TemplateInput<'_>) -> usize {
    job.doc().map_or(0, |id| input.rendered[id].html.len())
}

impl<'a> PageContext<'a> {
    /// Puts the document's rendered body into `page.content` or `section.content`. Left out
    /// until then: it is the largest value, and a page whose context did not change is never
    /// rendered again.
    pub fn set_content(&mut self, html: &'a str) {
        if let Some(Some(p)) = self.vars.page.as_mut() {
            p.content = html;
        }
        if let Some(s) = self.vars.section.as_mut() {
            s.content = html;
        }
    }
}
