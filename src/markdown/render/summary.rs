//! The summary: what comes before a `<!-- more -->` line (Zola's marker), else a page's first
//! paragraph, as HTML that is shown on other pages (section
//! listings, event lists, and later feeds, tooltips and search snippets). What only makes
//! sense on the page itself is dropped or made absolute: glossary tooltips (their ids),
//! citations and footnote references (their numbers point at this page's lists) are dropped,
//! `#fragment` links become the page's URL plus the fragment, and `id`s in raw inline HTML
//! are removed so a listing that shows many summaries never repeats one.

use super::Renderer;
use crate::resolve::glossary::{TERM_OPEN, TIP_CLOSE};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::borrow::Cow;

impl<'a> Renderer<'a, '_> {
    /// Takes Zola's summary marker `<!-- more -->` (the first one, outside headings): it
    /// writes nothing, and the summary becomes everything before it. True when `event` was it.
    pub(super) fn more_marker(&mut self, event: &Event<'a>) -> bool {
        let (Event::Html(h) | Event::InlineHtml(h)) = event else {
            return false;
        };
        if self.more.is_some() || self.heading.is_some() || !is_more_marker(h) {
            return false;
        }
        self.more = Some(self.out.len());
        true
    }

    /// The summary's events: what comes before the marker, else the first top-level paragraph.
    pub(super) fn summary_events(&self) -> Option<Cow<'_, [Event<'a>]>> {
        match (self.more, self.first_para) {
            (Some(m), _) => Some(Cow::Owned(before_marker(&self.out[..m]))),
            (None, (Some(s), Some(e))) => Some(Cow::Borrowed(&self.out[s..e])),
            _ => None,
        }
    }
}

/// Whether `html` is the summary marker: `<!-- more -->` in any case, with any spaces inside.
fn is_more_marker(html: &str) -> bool {
    let inner = html
        .trim()
        .strip_prefix("<!--")
        .and_then(|h| h.strip_suffix("-->"));
    inner.is_some_and(|i| i.trim().eq_ignore_ascii_case("more"))
}

/// `events` without footnote definitions and raw HTML block wrappers, and with the elements
/// still open at the marker closed.
fn before_marker<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut open: Vec<TagEnd> = Vec::new();
    let mut in_footnote = 0usize;
    for ev in events {
        match ev {
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => continue,
            Event::Start(Tag::FootnoteDefinition(_)) => in_footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => {
                in_footnote -= 1;
                continue;
            }
            Event::Start(tag) => open.push(tag.to_end()),
            Event::End(end) => {
                open.truncate(open.iter().rposition(|t| t == end).unwrap_or(0));
            }
            _ => {}
        }
        if in_footnote == 0 {
            out.push(ev.clone());
        }
    }
    out.extend(open.into_iter().rev().map(Event::End));
    out
}

/// The summary HTML of `events` (one top-level paragraph) for the page at `page_url`.
pub(super) fn summary_html(events: &[Event<'_>], page_url: &str) -> String {
    let mut summary: Vec<Event<'_>> = Vec::with_capacity(events.len());
    for ev in events {
        match ev {
            ev if is_page_local_markup(ev) => {
                // A dropped citation or footnote leaves no space before the punctuation after it.
                let numbered = matches!(ev, Event::Html(h) if h.starts_with("<sup"))
                    || matches!(ev, Event::FootnoteReference(_));
                if let (true, Some(Event::Text(t))) = (numbered, summary.last_mut()) {
                    *t = t.trim_end().to_string().into();
                }
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                summary.push(Event::Start(moved_link(tag, page_url)));
            }
            // A heading's id stays on its page: listings show many summaries.
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => summary.push(Event::Start(Tag::Heading {
                level: *level,
                id: None,
                classes: classes.clone(),
                attrs: attrs.clone(),
            })),
            Event::InlineHtml(h) | Event::Html(h) if h.starts_with('<') => {
                summary.push(Event::InlineHtml(moved_tag(h, page_url)));
            }
            ev => summary.push(ev.clone()),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, summary.into_iter());
    html
}

/// A link or image shown on another page: a link's `#fragment` and any relative URL made
/// root-relative, so that they mean there what they meant on their page.
fn moved_link<'a>(tag: &Tag<'a>, page_url: &str) -> Tag<'a> {
    let fragment = matches!(tag, Tag::Link { dest_url, .. } if dest_url.starts_with('#'));
    let mut tag = tag.clone();
    if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
        if fragment {
            *dest_url = format!("{page_url}{dest_url}").into();
        } else if is_relative(dest_url) {
            *dest_url = resolve(page_url, dest_url).into();
        }
    }
    tag
}

/// A URL relative to the page it is written on (not `#x`, `/x`, `//host` or `scheme:`).
pub(super) fn is_relative(url: &str) -> bool {
    let scheme = url
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|s| s.contains(':'));
    !url.is_empty() && !url.starts_with(['#', '/']) && !scheme
}

/// `rel` resolved against `page_url` (root-relative, ending with `/`), `.` and `..` applied.
fn resolve(page_url: &str, rel: &str) -> String {
    format!("/{}", crate::html::join_path(page_url, rel))
}

/// The value of an `href` or `src` attribute (`after` its `=`, `value_end` long) when it is a
/// relative URL.
fn relative_value<'t>(
    name: &str,
    after: &'t str,
    quote: Option<char>,
    value_end: usize,
) -> Option<&'t str> {
    let raw = &after[..value_end];
    let value = match quote {
        Some(q) => raw.strip_prefix(q)?.strip_suffix(q)?,
        None => raw,
    };
    (matches!(name, "href" | "src") && is_relative(value)).then_some(value)
}

/// Markup that only makes sense on its own page: glossary tooltips (their ids), citations
/// (their numbers point at this page's source list) and footnote references.
fn is_page_local_markup(ev: &Event<'_>) -> bool {
    match ev {
        Event::Html(h) => {
            h.starts_with(TERM_OPEN)
                || h.starts_with(TIP_CLOSE)
                || h.starts_with("<sup class=\"cite\">")
        }
        Event::FootnoteReference(_) => true,
        _ => false,
    }
}

/// A raw HTML tag shown on another page: its `id` dropped, an `href="#x"` made absolute and
/// a relative `href` or `src` (a bundle's `<img src="chart.svg">`) made root-relative, as
/// [`moved_link`] does for Markdown.
fn moved_tag<'a>(tag: &CowStr<'a>, page_url: &str) -> CowStr<'a> {
    let attrs = ["id=", "#", "href=", "src="];
    if !attrs.iter().any(|a| tag.contains(a)) {
        return tag.clone();
    }
    let mut out = String::with_capacity(tag.len() + page_url.len());
    let mut rest: &str = tag;
    while let Some(i) = rest.find('=') {
        let name_start = rest[..i]
            .trim_end()
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |s| s + 1);
        let name = rest[name_start..i].trim().to_ascii_lowercase();
        let after = &rest[i + 1..];
        let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'');
        let value_end = match quote {
            Some(q) => after[1..].find(q).map_or(after.len(), |e| e + 2),
            None => after
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(after.len()),
        };
        if name == "id" {
            out.push_str(rest[..name_start].trim_end());
        } else if name == "href" && after[quote.map_or(0, |_| 1)..].starts_with('#') {
            out.push_str(&rest[..=i]);
            let q = quote.map(String::from).unwrap_or_default();
            out.push_str(&q);
            out.push_str(page_url);
            out.push_str(&after[q.len()..value_end]);
        } else if let Some(url) = relative_value(&name, after, quote, value_end) {
            let q = quote.map(String::from).unwrap_or_default();
            out.push_str(&rest[..=i]);
            out.push_str(&format!("{q}{}{q}", resolve(page_url, url)));
        } else {
            out.push_str(&rest[..=i]);
            out.push_str(&after[..value_end]);
        }
        rest = &after[value_end..];
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_is_zolas_in_any_case_and_spacing() {
        for yes in [
            "<!-- more -->",
            "<!--more-->\n",
            "<!-- MORE -->",
            "<!--\t MoRe \t-->",
        ] {
            assert!(is_more_marker(yes), "{yes:?}");
        }
        for no in ["<!-- more text -->", "<!-- -->", "more", "<!-- more"] {
            assert!(!is_more_marker(no), "{no:?}");
        }
    }

    #[test]
    fn elements_open_at_the_marker_are_closed() {
        let md = "> quote\n>\n> - item\n";
        let events: Vec<Event<'_>> = pulldown_cmark::Parser::new(md).collect();
        let cut = events
            .iter()
            .position(|e| matches!(e, Event::Text(t) if t.as_ref() == "item"))
            .unwrap();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, before_marker(&events[..=cut]).into_iter());
        assert_eq!(
            html,
            "<blockquote>\n<p>quote</p>\n<ul>\n<li>item</li>\n</ul>\n</blockquote>\n"
        );
    }

    #[test]
    fn relative_urls_are_resolved_against_the_page() {
        assert_eq!(resolve("/docs/intro/", "../../README.md"), "/README.md");
        assert_eq!(
            resolve("/docs/intro/", "img/a.png"),
            "/docs/intro/img/a.png"
        );
        assert_eq!(resolve("/sub/a/", "../b/?x=1#y"), "/sub/b/?x=1#y");
        assert_eq!(resolve("/a/", "./"), "/a/");
        for url in ["#x", "/x", "//h/x", "https://h/", "mailto:a@b", ""] {
            assert!(!is_relative(url), "{url}");
        }
        assert!(is_relative("../x") && is_relative("x.png") && is_relative("a/b?c:d"));
    }

    #[test]
    fn raw_tags_lose_ids_and_keep_other_attributes() {
        let t = |s: &str| moved_tag(&CowStr::from(s.to_string()), "/p/").to_string();
        assert_eq!(t(r#"<span id="x" class="y">"#), r#"<span class="y">"#);
        assert_eq!(t(r##"<a href="#n" id='k'>"##), r#"<a href="/p/#n">"#);
        assert_eq!(t("<a href=#n>"), "<a href=/p/#n>");
        assert_eq!(
            t(r#"<a data-id="1" href="/x/">"#),
            r#"<a data-id="1" href="/x/">"#
        );
        assert_eq!(t("</span>"), "</span>");
        // Relative URLs are made root-relative against the page.
        assert_eq!(
            t(r#"<img src="chart.svg" alt="x">"#),
            r#"<img src="/p/chart.svg" alt="x">"#
        );
        assert_eq!(t("<a href=../q.txt>"), "<a href=/q.txt>");
        assert_eq!(t("<img src='a/b.png'>"), "<img src='/p/a/b.png'>");
    }
}
