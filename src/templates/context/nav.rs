//! The site navigation: the home page's sections and pages, and on each page the entries
//! that contain it. The header's list is written by the engine ([`Nav::html`]): a template
//! loop over every entry looked each of its values up by name on every page, which on a site
//! of 100 sections was a tenth of the build.

use super::types::NavEntry;
use super::TemplateInput;

/// The home page's subsections and pages, by weight, and the sources page when there is one.
pub(super) fn navigation<'a>(input: TemplateInput<'a>, has_sources: bool) -> Vec<NavEntry<'a>> {
    let (site, index) = (input.site, input.index);
    let home = site
        .docs
        .iter()
        .find(|d| d.neutral_path == "_index.md" && d.lang == index.lang);
    let children = home.into_iter().flat_map(|h| {
        let subsections = index.subsections.get(&h.id).into_iter().flatten();
        subsections.chain(index.section_pages.get(&h.id).into_iter().flatten())
    });
    let mut nav: Vec<(i64, NavEntry<'a>)> = children
        .map(|&s| {
            let d = &site.docs[s];
            let (title, url) = (d.meta.title.as_str(), index.url(d));
            let entry = NavEntry {
                title,
                url,
                active: false,
            };
            (d.meta.weight.unwrap_or(i64::MAX), entry)
        })
        .collect();
    nav.sort_by_key(|a| a.0);
    let mut nav: Vec<NavEntry<'a>> = nav.into_iter().map(|(_, n)| n).collect();
    if has_sources {
        let url = index.generated_url("sources/");
        let strings = &input.templates.strings;
        nav.push(NavEntry {
            title: strings.get(&index.lang, &index.default_lang, "sources"),
            url,
            active: false,
        });
    }
    nav
}

/// The navigation as one page sees it.
pub(super) struct Nav<'a> {
    /// Every entry, `active` when the page is the entry or below it.
    pub(super) entries: Vec<NavEntry<'a>>,
    /// The header's `<li>` elements, each after a line break: the page's own entry with
    /// `aria-current="page"`, an entry above it with `aria-current="true"`.
    pub(super) html: String,
    /// The active entries other than the home page and the page itself (breadcrumbs).
    pub(super) trail: Vec<NavEntry<'a>>,
}

impl<'a> Nav<'a> {
    /// The navigation `nav` (every entry inactive) for the page at root-relative URL `here`;
    /// `entries` only `with_entries` (when some template names `nav`: they are copied into
    /// every page's context).
    pub(super) fn at(nav: &[NavEntry<'a>], here: &str, home: &str, with_entries: bool) -> Nav<'a> {
        let marked = nav.iter().map(|n| NavEntry {
            active: here == n.url || (n.url != home && here.starts_with(&n.url)),
            ..n.clone()
        });
        let mut html = String::new();
        let mut entries = Vec::new();
        let mut trail = Vec::new();
        for n in marked {
            html.push_str("\n<li><a href=\"");
            crate::html::escape_html_into(&mut html, &n.url);
            html.push('"');
            if n.url == here {
                html.push_str(" aria-current=\"page\"");
            } else if n.active {
                html.push_str(" aria-current=\"true\"");
            }
            html.push('>');
            crate::html::escape_html_into(&mut html, n.title);
            html.push_str("</a></li>");
            if n.active && n.url != home && n.url != here {
                trail.push(n.clone());
            }
            if with_entries {
                entries.push(n);
            }
        }
        Nav {
            entries,
            html,
            trail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_marks_the_page_and_the_section_above_it_and_escapes() {
        let entry = |title, url: &str| NavEntry {
            title,
            url: url.to_string(),
            active: false,
        };
        let nav = [
            entry("Home", "/"),
            entry("Notes & <more>", "/notes/"),
            entry("Glossary", "/glossary/"),
        ];
        let at = Nav::at(&nav, "/notes/one/", "/", true);
        assert_eq!(
            at.html,
            "\n<li><a href=\"/\">Home</a></li>\
             \n<li><a href=\"/notes/\" aria-current=\"true\">Notes &amp; &lt;more&gt;</a></li>\
             \n<li><a href=\"/glossary/\">Glossary</a></li>"
        );
        assert_eq!(
            at.trail.iter().map(|n| n.title).collect::<Vec<_>>(),
            ["Notes & <more>"]
        );
        let at = Nav::at(&nav, "/glossary/", "/", true);
        assert!(at
            .html
            .contains("<a href=\"/glossary/\" aria-current=\"page\">"));
        assert!(at.trail.is_empty(), "the page itself is not in its trail");
        let home = Nav::at(&nav, "/", "/", true);
        assert!(home.html.contains("<a href=\"/\" aria-current=\"page\">"));
        assert_eq!(home.entries.iter().filter(|n| n.active).count(), 1);
        let without = Nav::at(&nav, "/notes/one/", "/", false);
        assert!(without.entries.is_empty() && without.trail.len() == 1);
    }
}
