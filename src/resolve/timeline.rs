//! The timeline: events in date order, by topic and by glossary term, and the SVG overview.
//!
//! Computed once, before rendering; every page that lists events reads from here.

use crate::error::Diagnostics;
use crate::model::{Doc, DocId, DocKind};
use crate::resolve::glossary::Glossary;
use std::collections::{BTreeMap, HashMap};

/// Events sorted and grouped.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Event documents by date (earliest day first; less precise first on ties), then title.
    pub events: Vec<DocId>,
    /// Position of each event in `events`.
    pub position: HashMap<DocId, usize>,
    /// Topic (tag) → events in date order.
    pub topics: BTreeMap<String, Vec<DocId>>,
    /// Term document → events that name it in `terms`, in date order.
    pub by_term: HashMap<DocId, Vec<DocId>>,
}

impl Timeline {
    /// Builds the timeline and checks each event's `terms` against the glossary.
    pub fn build(docs: &[Doc], glossary: &Glossary, diags: &mut Diagnostics) -> Timeline {
        Self::build_for(docs, None, glossary, diags)
    }

    /// The timeline of the events in `lang` (`None`: the default language's).
    pub fn build_for(
        docs: &[Doc],
        lang: Option<&str>,
        glossary: &Glossary,
        diags: &mut Diagnostics,
    ) -> Timeline {
        let mut t = Timeline::default();
        let wanted = |d: &Doc| match lang {
            None => d.content_path == d.neutral_path,
            Some(l) => d.lang == l,
        };
        let mut events: Vec<&Doc> = docs
            .iter()
            .filter(|d| d.kind == DocKind::Event && d.meta.event.is_some() && wanted(d))
            .collect();
        events.sort_by(|a, b| {
            let (ea, eb) = (
                a.meta.event.as_ref().map(|e| e.date),
                b.meta.event.as_ref().map(|e| e.date),
            );
            ea.cmp(&eb).then_with(|| a.meta.title.cmp(&b.meta.title))
        });
        let slugs: HashMap<&str, DocId> = glossary
            .terms
            .iter()
            .map(|t| (t.slug.as_str(), t.doc))
            .collect();
        for (i, d) in events.iter().enumerate() {
            t.events.push(d.id);
            t.position.insert(d.id, i);
            for tag in &d.meta.tags {
                t.topics.entry(tag.clone()).or_default().push(d.id);
            }
            let event = d
                .meta
                .event
                .as_ref()
                .expect("filtered on events with metadata");
            for slug in &event.terms {
                match slugs.get(slug.as_str()) {
                    Some(&term_doc) => t.by_term.entry(term_doc).or_default().push(d.id),
                    None => {
                        let mut diag = d.file.error_at(
                            d.value_offset("terms", slug),
                            format!("unknown glossary term `{slug}` in `terms`"),
                        );
                        diag = match glossary.suggest(slug) {
                            Some(s) => diag.with_help(format!("did you mean {s}?")),
                            None => {
                                diag.with_help("terms lists slugs of files under content/glossary/")
                            }
                        };
                        diags.push(diag);
                    }
                }
            }
        }
        t
    }
}

/// Escapes text for the overview's double-quoted attributes and text: `&`, `<`, `>` and `"`,
/// but not `'`, unlike [`crate::html::escape_html`] (which the rest of the site
/// uses). The SVG has always been written this way; changing it would change its bytes.
fn escape(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

/// One mark on the SVG strip.
#[derive(Debug, Clone)]
pub struct SvgMark {
    /// Year placed on the axis.
    pub year: i32,
    /// Fraction of the year elapsed (from month and day), for ordering within a year.
    pub within: f32,
    /// Event title.
    pub title: String,
    /// Date as shown.
    pub date_display: String,
    /// Link.
    pub url: String,
}

/// The overview strip: events placed by year on an axis with decade ticks. Drawn at 1:1 scale
/// (1,000 × 150) so its labels stay legible; the theme lets narrow screens scroll it. `label`
/// names it for screen readers, `{from}` and `{to}` replaced by its first decade and last year
/// (`Timeline overview, {from} to {to}`).
pub fn svg(marks: &[SvgMark], label: &str) -> String {
    if marks.is_empty() {
        return String::new();
    }
    let min = marks.iter().map(|m| m.year).min().unwrap_or(0);
    let max = marks.iter().map(|m| m.year).max().unwrap_or(0);
    let first_decade = min - min.rem_euclid(10);
    let last_decade = max - max.rem_euclid(10) + 10;
    let (width, left, right, axis_y) = (1000.0_f32, 20.0_f32, 980.0_f32, 120.0_f32);
    let span = (last_decade - first_decade).max(1) as f32;
    let x_of = |year: f32| left + (year - first_decade as f32) / span * (right - left);
    let label = label
        .replace("{from}", &first_decade.to_string())
        .replace("{to}", &max.to_string());
    let label = escape(&label);
    let mut out = format!(
        "<svg class=\"timeline-strip\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} 150\" width=\"{width}\" height=\"150\" role=\"group\" aria-label=\"{label}\">"
    );
    out.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{axis_y}\" x2=\"{right}\" y2=\"{axis_y}\" class=\"axis\"/>"
    ));
    let mut decade = first_decade;
    while decade <= last_decade {
        let x = x_of(decade as f32);
        out.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" class=\"tick\"/><text x=\"{x:.1}\" y=\"142\" text-anchor=\"middle\" class=\"tick-label\" aria-hidden=\"true\">{decade}</text>",
            axis_y - 4.0,
            axis_y + 6.0
        ));
        decade += 10;
    }
    let mut stack: HashMap<i32, usize> = HashMap::new();
    for m in marks {
        let level = stack.entry(m.year).or_insert(0);
        let x = x_of(m.year as f32 + m.within.clamp(0.0, 0.99));
        let y = axis_y - 10.0 - (*level as f32) * 11.0;
        *level += 1;
        out.push_str(&format!(
            "<a href=\"{}\" aria-label=\"{}: {}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" class=\"mark\"><title>{}: {}</title></circle></a>",
            escape(&m.url),
            escape(&m.date_display),
            escape(&m.title),
            escape(&m.date_display),
            escape(&m.title)
        ));
    }
    out.push_str("</svg>");
    out
}
