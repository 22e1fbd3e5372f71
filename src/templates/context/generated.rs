//! The pages no document stands for: the glossary and timeline indexes when their sections
//! have no `_index.md`, the timeline's topic pages, the sources page and the 404 page.

use super::{Cx, Rendered};
use crate::error::Diagnostic;
use rayon::prelude::*;
use serde_json::{json, Value};

/// The `section` of a generated index page: a title and URL, and nothing else.
fn bare_section(title: &str, url: String) -> Value {
    json!({"title": title, "content": "", "pages": [], "subsections": [], "toc": [], "sources": [], "url": url})
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

/// The pages no document stands for: the glossary and timeline indexes when their sections
/// have no `_index.md`, topic pages, the sources page and the 404 page.
pub(super) fn pages(
    cx: &Cx<'_>,
    wanted: impl Fn(&str, bool) -> bool,
    has_sources: bool,
) -> Vec<Result<Rendered, Diagnostic>> {
    let index = cx.index;
    let mut generated: Vec<Result<Rendered, Diagnostic>> = Vec::new();
    let has = |p: &str| index.by_path.contains_key(p);
    if !index.glossary.terms.is_empty()
        && !has("glossary/_index.md")
        && wanted("glossary/index.html", false)
    {
        generated.push(cx.render(
            "glossary.html",
            "glossary/index.html",
            vec![
                (
                    "section",
                    bare_section("Glossary", index.url_of("glossary/")),
                ),
                ("glossary", cx.glossary_value()),
            ],
            "Glossary",
            None,
            None,
        ));
    }
    if !index.timeline.events.is_empty()
        && !has("timeline/_index.md")
        && wanted("timeline/index.html", true)
    {
        generated.push(cx.render(
            "timeline.html",
            "timeline/index.html",
            vec![
                (
                    "section",
                    bare_section("Timeline", index.url_of("timeline/")),
                ),
                ("timeline", cx.timeline_value(None)),
            ],
            "Timeline",
            None,
            None,
        ));
    }
    let topics: Vec<Result<Rendered, Diagnostic>> = index
        .timeline
        .topics
        .keys()
        .map(|t| {
            let path = format!("timeline/topics/{}/index.html", crate::load::slugify(t));
            (t, path)
        })
        .filter(|(_, path)| wanted(path, true))
        .collect::<Vec<_>>()
        .par_iter()
        .map(|(t, path)| {
            cx.render(
                "topic.html",
                path,
                vec![("timeline", cx.timeline_value(Some(t)))],
                &format!("Timeline: {}", topic_name(t)),
                None,
                None,
            )
        })
        .collect();
    generated.extend(topics);
    if has_sources && wanted("sources/index.html", false) {
        generated.push(cx.render(
            "sources.html",
            "sources/index.html",
            vec![("sources_index", cx.sources_value())],
            "Sources",
            None,
            None,
        ));
    }
    if wanted("404.html", false) {
        generated.push(cx.render("404.html", "404.html", vec![], "Page not found", None, None));
    }
    generated
}
