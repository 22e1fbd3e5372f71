//! Headings: unique ids (GitHub's or Zola's style, or the author's `{#id}`), the section that following
//! links and mentions sit under, and the nested table of contents.

use super::{Renderer, SectionRef, TocEntry};
use crate::config::AnchorLinks;
use crate::markdown::text::heading_id;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

impl Renderer<'_, '_> {
    pub(super) fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let explicit = h.id.as_deref();
        if let Some(id) = explicit.filter(|id| self.r.anchors.contains(*id)) {
            let d = self
                .doc
                .file
                .warning_at(
                    h.offset,
                    format!("heading id `{id}` is used twice on this page"),
                )
                .with_help("give each `{#id}` a name of its own; this one gets a number added");
            self.r.diagnostics.push(d);
        }
        let base = explicit
            .map(str::to_string)
            .unwrap_or_else(|| heading_id(&h.text, self.cx.site.config.markdown.heading_ids));
        let mut id = base.clone();
        let mut n = 0;
        // An author's `{#id}` keeps its name: generated ids step around every one of them.
        while self.r.anchors.contains(&id)
            || (explicit.is_none() && self.explicit_ids.contains(&id))
        {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.r.anchors.insert(id.clone());
        let title = h.text.trim().to_string();
        self.flat_toc
            .push((h.level as u8, id.clone(), title.clone()));
        let section = SectionRef {
            id: id.as_str().into(),
            title: title.into(),
        };
        self.sections.push(section.clone());
        self.section = Some(section);
        let mode = self.cx.site.anchor_links(self.doc);
        let class = match mode {
            AnchorLinks::Heading if !holds_link(&h.events) => "heading-link",
            _ => "heading-anchor",
        };
        let anchor = (mode != AnchorLinks::None).then(|| anchor_link(&id, class));
        self.out.push(Event::Start(Tag::Heading {
            level: h.level,
            id: Some(id.into()),
            classes: h.classes,
            attrs: h.attrs,
        }));
        match (mode, anchor) {
            (AnchorLinks::Heading, Some((open, _))) if class == "heading-link" => {
                self.out.push(Event::Html(open.into()));
                self.out.extend(h.events);
                self.out.push(Event::Html("</a>".into()));
            }
            (AnchorLinks::Right, Some((open, sign))) => {
                self.out.extend(h.events);
                self.out
                    .push(Event::Html(format!(" {open}{sign}</a>").into()));
            }
            (_, Some((open, sign))) => {
                self.out
                    .push(Event::Html(format!("{open}{sign}</a> ").into()));
                self.out.extend(h.events);
            }
            (_, None) => self.out.extend(h.events),
        }
        self.out.push(Event::End(TagEnd::Heading(h.level)));
    }
}

/// The opening tag of a heading's link to itself (named by the heading, through
/// `aria-labelledby`) and the sign shown in it, hidden from assistive technology and search.
fn anchor_link(id: &str, class: &str) -> (String, &'static str) {
    let id = crate::html::escape_html(id);
    let open = format!("<a class=\"{class}\" href=\"#{id}\" aria-labelledby=\"{id}\">");
    (open, "<span aria-hidden=\"true\">#</span>")
}

/// True when a heading's content holds a link or raw HTML (which may hold one): it cannot be
/// put inside another link.
fn holds_link(events: &[Event<'_>]) -> bool {
    events.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::Link { .. }) | Event::Html(_) | Event::InlineHtml(_)
        )
    })
}

/// The `{#id}`s given to headings in `body` (empty, without parsing, when there are none).
pub(super) fn explicit_ids(body: &str, opts: Options) -> HashSet<String> {
    if !body.contains("{#") {
        return HashSet::new();
    }
    Parser::new_ext(body, opts)
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

/// The table of contents nested by level from the headings in page order.
pub(super) fn nest_toc(flat: &[(u8, String, String)]) -> Vec<TocEntry> {
    fn take(flat: &[(u8, String, String)], i: &mut usize, level: u8) -> Vec<TocEntry> {
        let mut out = Vec::new();
        while *i < flat.len() && flat[*i].0 >= level {
            let (l, id, title) = flat[*i].clone();
            *i += 1;
            let children = take(flat, i, l + 1);
            out.push(TocEntry {
                level: l,
                id,
                title,
                children,
            });
        }
        out
    }
    let min = flat.iter().map(|e| e.0).min().unwrap_or(1);
    take(flat, &mut 0, min)
}
