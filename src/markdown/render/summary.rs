//! The summary: a page's first paragraph as HTML that is shown on other pages (section
//! listings, event lists, and later feeds, tooltips and search snippets). What only makes
//! sense on the page itself is dropped or made absolute: glossary tooltips (their ids),
//! citations and footnote references (their numbers point at this page's lists) are dropped,
//! `#fragment` links become the page's URL plus the fragment, and `id`s in raw inline HTML
//! are removed so a listing that shows many summaries never repeats one.

use crate::resolve::glossary::{TERM_OPEN, TIP_CLOSE};
use pulldown_cmark::{CowStr, Event, Tag};

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
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with('#') => summary.push(Event::Start(Tag::Link {
                link_type: *link_type,
                dest_url: format!("{page_url}{dest_url}").into(),
                title: title.clone(),
                id: id.clone(),
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

/// A raw HTML tag shown on another page: its `id` dropped, an `href="#x"` made absolute.
fn moved_tag<'a>(tag: &CowStr<'a>, page_url: &str) -> CowStr<'a> {
    if !tag.contains("id=") && !tag.contains('#') {
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
    }
}
