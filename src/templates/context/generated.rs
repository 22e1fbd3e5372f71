//! The pages no document stands for: the glossary and timeline indexes when their sections
//! have no `_index.md`, the timeline's topic pages, the sources page and the 404 page.

use super::types::{Absent, PageVars, SectionValue};
use super::{Contexts, Generated, PageJob, Subject};

/// The `section` of a generated index page: a title and URL, and nothing else.
fn bare_section<'a>(title: &'a str, url: String) -> SectionValue<'a> {
    SectionValue {
        title,
        description: Absent(None),
        content: "",
        toc: &[],
        permalink: Absent(None),
        url,
        extra: Absent(None),
        sources: Vec::new(),
        pages: Vec::new(),
        subsections: Vec::new(),
    }
}

/// A tag as a reader sees it: `export-policy` → "Export policy".
pub(super) fn topic_name(tag: &str) -> String {
    let spaced = tag.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn job<'a>(template: &'a str, path: String, page: Generated<'a>) -> PageJob<'a> {
    PageJob {
        template,
        path,
        subject: Subject::Generated(page),
        lang: 0,
        pager: 1,
    }
}

/// The generated pages of the site.
pub(super) fn jobs<'a>(cx: &Contexts<'a>) -> Vec<PageJob<'a>> {
    let index = cx.input.index;
    let docs = &cx.input.site.docs;
    let has = |p: &str| {
        let found = index.find(p, &index.lang);
        found.is_some_and(|id| docs[id].lang == index.lang)
    };
    let prefix = &index.prefix;
    let mut jobs = Vec::new();
    if !index.glossary.terms.is_empty() && !has("glossary/_index.md") {
        let path = format!("{prefix}glossary/index.html");
        jobs.push(job("glossary.html", path, Generated::Glossary));
    }
    if !index.timeline.events.is_empty() && !has("timeline/_index.md") {
        let path = format!("{prefix}timeline/index.html");
        jobs.push(job("timeline.html", path, Generated::Timeline));
    }
    for t in index.timeline.topics.keys() {
        let slug = crate::load::slugify(t);
        let path = format!("{prefix}timeline/topics/{slug}/index.html");
        jobs.push(job("topic.html", path, Generated::Topic(t)));
    }
    if cx.has_sources {
        let path = format!("{prefix}sources/index.html");
        jobs.push(job("sources.html", path, Generated::Sources));
    }
    if prefix.is_empty() {
        jobs.push(job("404.html", "404.html".into(), Generated::NotFound));
    }
    jobs
}

/// Title and variables of a generated page.
pub(super) fn vars<'a>(
    cx: &Contexts<'a>,
    job: &PageJob<'a>,
    page: &Generated<'a>,
) -> (String, PageVars<'a>) {
    let index = cx.input.index;
    let t = |key: &'static str| cx.string(key);
    match *page {
        Generated::Glossary => {
            let section = bare_section(t("glossary"), index.generated_url("glossary/"));
            let vars = PageVars {
                section: Some(section),
                glossary: Some(cx.glossary_value()),
                ..PageVars::default()
            };
            (t("glossary").into(), vars)
        }
        Generated::Timeline => {
            let section = bare_section(t("timeline"), index.generated_url("timeline/"));
            let vars = PageVars {
                section: Some(section),
                timeline: Some(cx.timeline_value(None)),
                ..PageVars::default()
            };
            (t("timeline").into(), vars)
        }
        Generated::Topic(tag) => {
            let vars = PageVars {
                timeline: Some(cx.timeline_value(Some(tag))),
                ..PageVars::default()
            };
            (
                format!("{}{}", t("timeline_title_prefix"), topic_name(tag)),
                vars,
            )
        }
        Generated::Sources => {
            let vars = PageVars {
                sources_index: Some(cx.sources_value()),
                ..PageVars::default()
            };
            (t("sources").into(), vars)
        }
        Generated::NotFound => (t("page_not_found").into(), PageVars::default()),
        Generated::Taxonomy(tax) => cx.taxonomy_vars(tax),
        Generated::TaxonomyTerm(tax, term) => cx.term_vars(tax, term, job.pager),
        Generated::Mentions(term) => {
            let p = cx.mentions_paginator(term, job.pager);
            let title = cx.doc(term).meta.title.as_str();
            let vars = PageVars {
                mentions_of: Some(super::types::Link {
                    title,
                    url: cx.url(term),
                }),
                paginator: Some(super::pagers::PaginatorValue::Mentions(p)),
                ..PageVars::default()
            };
            let heading = t("mentions_of").replace("{term}", title);
            (heading, vars)
        }
    }
}
