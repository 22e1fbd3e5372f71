//! The pages no document stands for: the glossary and timeline indexes when their sections
//! have no `_index.md`, the timeline's topic pages, the sources page and the 404 page.

use super::types::{Absent, PageVars, SectionValue};
use super::{Contexts, Generated, PageJob, Subject};

/// The `section` of a generated index page: a title and URL, and nothing else.
fn bare_section(title: &str, url: String) -> SectionValue<'_> {
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
fn topic_name(tag: &str) -> String {
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
    }
}

/// The generated pages of the site.
pub(super) fn jobs<'a>(cx: &Contexts<'a>) -> Vec<PageJob<'a>> {
    let index = cx.input.index;
    let has = |p: &str| index.by_path.contains_key(p);
    let mut jobs = Vec::new();
    if !index.glossary.terms.is_empty() && !has("glossary/_index.md") {
        let path = "glossary/index.html".to_string();
        jobs.push(job("glossary.html", path, Generated::Glossary));
    }
    if !index.timeline.events.is_empty() && !has("timeline/_index.md") {
        let path = "timeline/index.html".to_string();
        jobs.push(job("timeline.html", path, Generated::Timeline));
    }
    for t in index.timeline.topics.keys() {
        let path = format!("timeline/topics/{}/index.html", crate::load::slugify(t));
        jobs.push(job("topic.html", path, Generated::Topic(t)));
    }
    if cx.has_sources {
        let path = "sources/index.html".to_string();
        jobs.push(job("sources.html", path, Generated::Sources));
    }
    jobs.push(job("404.html", "404.html".into(), Generated::NotFound));
    jobs
}

/// Title and variables of a generated page.
pub(super) fn vars<'a>(cx: &Contexts<'a>, page: &Generated<'a>) -> (String, PageVars<'a>) {
    let index = cx.input.index;
    match *page {
        Generated::Glossary => {
            let section = bare_section("Glossary", index.url_of("glossary/"));
            let vars = PageVars {
                section: Some(section),
                glossary: Some(cx.glossary_value()),
                ..PageVars::default()
            };
            ("Glossary".into(), vars)
        }
        Generated::Timeline => {
            let section = bare_section("Timeline", index.url_of("timeline/"));
            let vars = PageVars {
                section: Some(section),
                timeline: Some(cx.timeline_value(None)),
                ..PageVars::default()
            };
            ("Timeline".into(), vars)
        }
        Generated::Topic(t) => {
            let vars = PageVars {
                timeline: Some(cx.timeline_value(Some(t))),
                ..PageVars::default()
            };
            (format!("Timeline: {}", topic_name(t)), vars)
        }
        Generated::Sources => {
            let vars = PageVars {
                sources_index: Some(cx.sources_value()),
                ..PageVars::default()
            };
            ("Sources".into(), vars)
        }
        Generated::NotFound => ("Page not found".into(), PageVars::default()),
    }
}
