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
    /// The header's `<li>` elements, each after a line break: the first `limit` entries, and
    /// an active one past them; the page's own entry with `aria-current="page"`, an entry
    /// above it with `aria-current="true"`.
    pub(super) html: String,
    /// Some entries are not in `html` (the header then links to the home page's list).
    pub(super) more: bool,
    /// The active entries other than the home page and the page itself (breadcrumbs).
    pub(super) trail: Vec<NavEntry<'a>>,
}

/// Where one page is, for [`Nav::at`].
pub(super) struct Here<'s> {
    /// The page's root-relative URL.
    pub(super) url: &'s str,
    /// The home page's.
    pub(super) home: &'s str,
    /// The most entries in the header (`0`: all).
    pub(super) limit: usize,
}

impl<'a> Nav<'a> {
    /// The navigation `nav` (every entry inactive) for the page `here`; `entries` only
    /// `with_entries` (when some template names `nav`: they are copied into every page's
    /// context).
    pub(super) fn at(nav: &[NavEntry<'a>], here: &Here<'_>, with_entries: bool) -> Nav<'a> {
        let (url, home) = (here.url, here.home);
        let limit = if here.limit == 0 {
            usize::MAX
        } else {
            here.limit
        };
        let marked = nav.iter().map(|n| NavEntry {
            active: url == n.url || (n.url != home && url.starts_with(&n.url)),
            ..n.clone()
        });
        let mut out = Nav {
            entries: Vec::new(),
            html: String::new(),
            more: false,
            trail: Vec::new(),
        };
        for (i, n) in marked.enumerate() {
            if i < limit || n.active {
                header_item(&mut out.html, &n, url);
            } else {
                out.more = true;
            }
            if n.active && n.url != home && n.url != url {
                out.trail.push(n.clone());
            }
            if with_entries {
                out.entries.push(n);
            }
        }
        out
    }
}

/// Writes entry `n` of the header, as seen from the page at `here`.
fn header_item(html: &mut String, n: &NavEntry<'_>, here: &str) {
    html.push_str("\n<li><a href=\"");
    crate::html::escape_html_into(html, &n.url);
    html.push('"');
    if n.url == here {
        html.push_str(" aria-current=\"page\"");
    } else if n.active {
        html.push_str(" aria-current=\"true\"");
    }
    html.push('>');
    crate::html::escape_html_into(html, n.title);
    html.push_str("</a></li>");
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
        let here = |url| Here {
            url,
            home: "/",
            limit: 0,
        };
        let at = Nav::at(&nav, &here("/notes/one/"), true);
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
        let at = Nav::at(&nav, &here("/glossary/"), true);
        assert!(at
            .html
            .contains("<a href=\"/glossary/\" aria-current=\"page\">"));
        assert!(at.trail.is_empty(), "the page itself is not in its trail");
        let home = Nav::at(&nav, &here("/"), true);
        assert!(home.html.contains("<a href=\"/\" aria-current=\"page\">"));
        assert_eq!(home.entries.iter().filter(|n| n.active).count(), 1);
        let without = Nav::at(&nav, &here("/notes/one/"), false);
        assert!(without.entries.is_empty() && without.trail.len() == 1);
    }

    #[test]
    fn the_header_stops_at_the_limit_but_keeps_the_page_s_own_entry() {
        let entries: Vec<NavEntry> = (0..12)
            .map(|i| NavEntry {
                title: "S",
                url: format!("/s{i:02}/"),
                active: false,
            })
            .collect();
        let here = |url| Here {
            url,
            home: "/",
            limit: 8,
        };
        let links = |nav: &Nav| nav.html.matches("<li>").count();
        let top = Nav::at(&entries, &here("/s03/p/"), false);
        assert_eq!((links(&top), top.more), (8, true));
        let past = Nav::at(&entries, &here("/s10/p/"), false);
        assert_eq!((links(&past), past.more), (9, true));
        assert!(past
            .html
            .ends_with("<a href=\"/s10/\" aria-current=\"true\">S</a></li>"));
        let all = Nav::at(
            &entries,
            &Here {
                limit: 0,
                ..here("/")
            },
            false,
        );
        assert_eq!((links(&all), all.more), (12, false));
        let exact = Nav::at(&entries[..8], &here("/"), false);
        assert_eq!((links(&exact), exact.more), (8, false));
    }
}
