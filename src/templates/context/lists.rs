//! Lists that the default theme shows on most pages, written by the engine: a Tera loop looks
//! each item's values up by name, and each such lookup of a dotted name (`t.url`) costs Tera
//! two string allocations per segment. On the dense 1,000-post model the "Terms on this page"
//! loop alone made 120 lookups a page. The values stay in the context for themes that write
//! their own markup.

use super::types::{SectionLink, TermBrief};
use crate::html::escape_html_into;
use crate::markdown::TocEntry;

/// The `<li>` elements of a "Terms on this page" list, each after a line break: the term's
/// title linked to its page, then its summary (`<span class="link-note">`) when it has one.
pub(super) fn term_items(terms: &[TermBrief<'_>]) -> String {
    let mut html = String::with_capacity(terms.len() * 200);
    for t in terms {
        html.push_str("\n<li>");
        link(&mut html, &t.url, t.title);
        if !t.summary.is_empty() {
            html.push_str("<span class=\"link-note\">");
            escape_html_into(&mut html, t.summary);
            html.push_str("</span>");
        }
        html.push_str("</li>");
    }
    html
}

/// One entry of a "Linked from" or "Mentioned in" list, after a line break: the page's title
/// linked, then its sections (`<ul class="section-links">`) when the references sit under
/// headings. One line and no indentation: a large glossary's lists hold hundreds of thousands
/// of entries, and indentation was a fifth of their bytes.
pub(super) fn referrer_item(title: &str, url: &str, sections: &[SectionLink<'_>]) -> String {
    let mut html = String::with_capacity(64 + sections.len() * 96);
    html.push_str("\n<li>");
    link(&mut html, url, title);
    if !sections.is_empty() {
        html.push_str("<ul class=\"section-links\">");
        for s in sections {
            html.push_str("<li>");
            link(&mut html, &s.url, s.title);
            html.push_str("</li>");
        }
        html.push_str("</ul>");
    }
    html.push_str("</li>");
    html
}

/// `<a href="url">title</a>`, both escaped.
fn link(html: &mut String, url: &str, title: &str) {
    html.push_str("<a href=\"");
    escape_html_into(html, url);
    html.push_str("\">");
    escape_html_into(html, title);
    html.push_str("</a>");
}

/// A table of contents as nested `<ol>` lists, each entry after a line break and linked to its
/// heading; an entry's children in an `<ol>` inside its `<li>`. Empty for no entries.
pub(super) fn toc_lists(entries: &[TocEntry]) -> String {
    let mut html = String::new();
    toc_list(&mut html, entries);
    html
}

fn toc_list(html: &mut String, entries: &[TocEntry]) {
    if entries.is_empty() {
        return;
    }
    html.push_str("<ol>");
    for h in entries {
        html.push_str("\n<li><a href=\"#");
        escape_html_into(html, &h.id);
        html.push_str("\">");
        escape_html_into(html, &h.title);
        html.push_str("</a>");
        toc_list(html, &h.children);
        html.push_str("</li>");
    }
    html.push_str("\n</ol>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_items_link_each_term_with_its_summary_escaped() {
        let term = |title, summary| TermBrief {
            slug: "s",
            title,
            url: "/glossary/a&b/".into(),
            summary,
            ja: None,
            romaji: None,
            aliases: &[],
        };
        let html = term_items(&[term("A <b>", "Says \"x\"."), term("C", "")]);
        assert_eq!(
            html,
            "\n<li><a href=\"/glossary/a&amp;b/\">A &lt;b&gt;</a>\
             <span class=\"link-note\">Says &quot;x&quot;.</span></li>\
             \n<li><a href=\"/glossary/a&amp;b/\">C</a></li>"
        );
        assert_eq!(term_items(&[]), "");
    }

    #[test]
    fn referrer_items_list_the_sections_under_the_page() {
        let section = |title, url: &str| SectionLink {
            title,
            url: url.into(),
        };
        let sections = [section("A & B", "/p/#a"), section("C", "/p/#c")];
        assert_eq!(
            referrer_item("P <1>", "/p/", &sections),
            "\n<li><a href=\"/p/\">P &lt;1&gt;</a><ul class=\"section-links\">\
             <li><a href=\"/p/#a\">A &amp; B</a></li><li><a href=\"/p/#c\">C</a></li></ul></li>"
        );
        assert_eq!(
            referrer_item("Q", "/q/", &[]),
            "\n<li><a href=\"/q/\">Q</a></li>"
        );
    }

    #[test]
    fn the_toc_nests_children_inside_their_entry() {
        let entry = |id: &str, title: &str, children| TocEntry {
            level: 2,
            id: id.into(),
            title: title.into(),
            children,
        };
        let toc = [
            entry("a", "A & B", vec![entry("a-1", "One", vec![])]),
            entry("c", "C", vec![]),
        ];
        assert_eq!(
            toc_lists(&toc),
            "<ol>\n<li><a href=\"#a\">A &amp; B</a><ol>\n<li><a href=\"#a-1\">One</a></li>\n</ol></li>\
             \n<li><a href=\"#c\">C</a></li>\n</ol>"
        );
        assert_eq!(toc_lists(&[]), "");
    }
}
