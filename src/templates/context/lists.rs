//! Lists that the default theme shows on every page, written by the engine: a Tera loop looks
//! each item's values up by name, and each such lookup of a dotted name (`t.url`) costs Tera
//! two string allocations per segment. On the dense 1,000-post model the "Terms on this page"
//! loop alone made 120 lookups a page. The values stay in the context for themes that write
//! their own markup.

use super::types::TermBrief;
use crate::html::escape_html_into;

/// The `<li>` elements of a "Terms on this page" list, each after a line break: the term's
/// title linked to its page, then its summary (`<span class="link-note">`) when it has one.
pub(super) fn term_items(terms: &[TermBrief<'_>]) -> String {
    let mut html = String::with_capacity(terms.len() * 200);
    for t in terms {
        html.push_str("\n<li><a href=\"");
        escape_html_into(&mut html, &t.url);
        html.push_str("\">");
        escape_html_into(&mut html, t.title);
        html.push_str("</a>");
        if !t.summary.is_empty() {
            html.push_str("<span class=\"link-note\">");
            escape_html_into(&mut html, t.summary);
            html.push_str("</span>");
        }
        html.push_str("</li>");
    }
    html
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
}
