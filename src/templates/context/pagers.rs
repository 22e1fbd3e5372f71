//! Listings that grow with the site, split over several pages: a section's pages when its
//! front matter sets `paginate_by` (Zola's convention: page 1 at the section's URL, then
//! `/posts/page/2/`), and a glossary term's full "Mentioned in" list, 100 entries a page at
//! `/glossary/<slug>/mentions/`, `/glossary/<slug>/mentions/2/` (the term's own page shows the
//! first [`MENTIONS_SHOWN`]).

use super::types::{PageSummary, Referrer};
use super::{Contexts, Generated, PageJob, Subject};
use crate::model::{DocId, DocKind};
use serde::Serialize;

/// "Mentioned in" entries shown on a term's own page.
pub const MENTIONS_SHOWN: usize = 50;
/// Entries a page's "Terms on this page" list shows at most (a page mentioning more terms
/// links each of them in its text; the list keeps those mentioned in the most sections).
pub const TERMS_SHOWN: usize = 30;
/// Where a section's pagers after the first live, under its URL (Zola's `page/2/`).
pub(super) const SECTION_PAGERS: &str = "page/";
/// Entries on each page of a term's full "Mentioned in" list.
pub const MENTIONS_PER_PAGER: usize = 100;

/// One page of a split listing: Zola's `paginator`, with Zola's names.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator<T> {
    /// Entries per pager.
    pub paginate_by: usize,
    /// This pager's number, from 1.
    pub current_index: usize,
    /// The number of pagers.
    pub number_pagers: usize,
    /// Entries over all pagers (Zola's name: it counts the listed pages).
    pub total_pages: usize,
    /// URL of the first pager (the listing's own URL).
    pub first: String,
    /// URL of the last pager.
    pub last: String,
    /// URL of the pager before this one.
    pub previous: Option<String>,
    /// URL of the pager after this one.
    pub next: Option<String>,
    /// This pager's entries.
    pub pages: Vec<T>,
}

/// The paginator of a page, by what it lists.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum PaginatorValue<'a> {
    /// A section's pages.
    Pages(Paginator<PageSummary<'a>>),
    /// Pages mentioning a term.
    Mentions(Paginator<Referrer<'a>>),
}

/// Where a listing's pagers live: the first at `first`, pager `n` at `first` + `sub` + `n/`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pagers<'u> {
    pub(super) first: &'u str,
    pub(super) sub: &'static str,
}

impl Pagers<'_> {
    fn url(&self, n: usize) -> String {
        match n {
            1 => self.first.to_string(),
            n => format!("{}{}{n}/", self.first, self.sub),
        }
    }
}

/// The number of pagers for `total` entries, `per` a pager (one for an empty listing).
pub fn pager_count(total: usize, per: usize) -> usize {
    total.div_ceil(per.max(1)).max(1)
}

/// The number of pages of a term's full "Mentioned in" list when `total` pages mention it
/// (none when its own page shows them all).
pub fn mention_pagers(total: usize) -> usize {
    match total {
        t if t <= MENTIONS_SHOWN => 0,
        t => pager_count(t, MENTIONS_PER_PAGER),
    }
}

/// The range of entries on pager `n` (from 1).
pub(super) fn window(total: usize, per: usize, n: usize) -> std::ops::Range<usize> {
    let start = ((n - 1) * per).min(total);
    start..(start + per).min(total)
}

/// Pager `n`'s paginator, `pages` being its entries (the window [`window`] gives) out of
/// `total`.
pub(super) fn paginator<T>(
    total: usize,
    per: usize,
    n: usize,
    at: Pagers<'_>,
    pages: Vec<T>,
) -> Paginator<T> {
    let count = pager_count(total, per);
    Paginator {
        paginate_by: per,
        current_index: n,
        number_pagers: count,
        total_pages: total,
        first: at.url(1),
        last: at.url(count),
        previous: (n > 1).then(|| at.url(n - 1)),
        next: (n < count).then(|| at.url(n + 1)),
        pages,
    }
}

/// Output path of pager `n` of the listing whose first page is at site path `first`
/// (`posts/`), `sub` being `page/` or empty.
fn pager_path(first: &str, sub: &'static str, n: usize) -> String {
    format!("{}index.html", Pagers { first, sub }.url(n))
}

/// The site path of pager `n` of the section at site path `first` (`posts/page/2/`).
pub fn section_pager(first: &str, n: usize) -> String {
    Pagers {
        first,
        sub: SECTION_PAGERS,
    }
    .url(n)
}

impl<'a> Contexts<'a> {
    /// The pages of pagers 2 and after of the paginated sections in this context's language.
    pub(super) fn section_pager_jobs(&self, first: &PageJob<'a>) -> Vec<PageJob<'a>> {
        let Subject::Doc(id) = first.subject else {
            return Vec::new();
        };
        let d = self.doc(id);
        let Some(per) = d.meta.paginate_by.filter(|_| d.kind == DocKind::Section) else {
            return Vec::new();
        };
        let total = self.section_page_count(id);
        (2..=pager_count(total, per))
            .map(|n| PageJob {
                path: pager_path(&d.url_path, SECTION_PAGERS, n),
                pager: n,
                ..first.clone()
            })
            .collect()
    }

    fn section_page_count(&self, id: DocId) -> usize {
        self.input.index.section_pages.get(&id).map_or(0, Vec::len)
    }

    /// The full "Mentioned in" lists of the terms in this context's language that have more
    /// entries than their page shows.
    pub(super) fn mention_jobs(&self) -> Vec<PageJob<'a>> {
        let index = self.input.index;
        let mut jobs = Vec::new();
        for t in &index.glossary.terms {
            let d = self.doc(t.doc);
            if d.lang != index.lang || d.broken {
                continue;
            }
            let first = format!("{}mentions/", d.url_path);
            jobs.extend(
                (1..=mention_pagers(self.mention_count(t.doc))).map(|n| PageJob {
                    template: "mentions.html",
                    path: pager_path(&first, "", n),
                    subject: Subject::Generated(Generated::Mentions(t.doc)),
                    lang: 0,
                    pager: n,
                }),
            );
        }
        jobs
    }

    /// How many pages of the term's language mention it.
    pub(super) fn mention_count(&self, term: DocId) -> usize {
        self.mentions_of(term).count()
    }

    /// URL of the full "Mentioned in" list of `term`, which `total` pages mention, when it
    /// has one.
    pub(super) fn mentions_url(&self, term: DocId, total: usize) -> Option<String> {
        (mention_pagers(total) > 0).then(|| format!("{}mentions/", self.urls[term]))
    }

    /// The paginator of a section's pager `n`.
    pub(super) fn section_paginator(
        &self,
        id: DocId,
        per: usize,
        n: usize,
    ) -> Paginator<PageSummary<'a>> {
        let total = self.section_page_count(id);
        let range = window(total, per, n);
        let pages = self
            .input
            .index
            .section_pages
            .get(&id)
            .into_iter()
            .flatten();
        let pages = pages.skip(range.start).take(range.len());
        let pages = pages.map(|&p| self.page_summary(p)).collect();
        let at = Pagers {
            first: &self.urls[id],
            sub: SECTION_PAGERS,
        };
        paginator(total, per, n, at, pages)
    }

    /// The paginator of pager `n` of `term`'s full "Mentioned in" list.
    pub(super) fn mentions_paginator(&self, term: DocId, n: usize) -> Paginator<Referrer<'a>> {
        let total = self.mention_count(term);
        let range = window(total, MENTIONS_PER_PAGER, n);
        let pages = self.mentioned_in(term, range);
        let first = format!("{}mentions/", self.urls[term]);
        let at = Pagers {
            first: &first,
            sub: "",
        };
        paginator(total, MENTIONS_PER_PAGER, n, at, pages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_split_listings_and_link_their_neighbours() {
        assert_eq!(pager_count(0, 10), 1);
        assert_eq!(pager_count(10, 10), 1);
        assert_eq!(pager_count(11, 10), 2);
        assert_eq!(window(25, 10, 3), 20..25);
        let at = Pagers {
            first: "/posts/",
            sub: "page/",
        };
        let p = paginator(25, 10, 2, at, window(25, 10, 2).collect());
        assert_eq!(p.pages, (10..20).collect::<Vec<_>>());
        assert_eq!(
            (p.current_index, p.number_pagers, p.total_pages),
            (2, 3, 25)
        );
        assert_eq!(p.previous.as_deref(), Some("/posts/"));
        assert_eq!(p.next.as_deref(), Some("/posts/page/3/"));
        assert_eq!(p.last, "/posts/page/3/");
        let last = paginator(25, 10, 3, at, window(25, 10, 3).collect());
        assert_eq!((last.pages.len(), last.next), (5, None));
        assert_eq!(pager_path("posts/", "page/", 1), "posts/index.html");
        assert_eq!(
            pager_path("g/t/mentions/", "", 2),
            "g/t/mentions/2/index.html"
        );
    }
}
