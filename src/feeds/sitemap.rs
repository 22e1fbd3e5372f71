//! `sitemap.xml`: every page's absolute URL, with its date where it has one and its versions
//! in the other languages (`xhtml:link`).
//!
//! The built-in template `feeds/sitemap.xml` is the sitemap's contract, and a theme or site
//! may replace it. While it is the built-in one, the sitemap is written here instead, to the
//! same bytes ([`write`]; a test holds the two equal): on a bilingual 10,000-post site it has
//! 23,000 entries and 47,000 alternates, and Tera looked up each of their fields by name.

use crate::html::escape_html_into as escape;
use crate::model::{Doc, DocKind, Site};
use crate::resolve::Index;
use serde::Serialize;

/// One `<url>` of the sitemap.
#[derive(Serialize)]
pub(super) struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
    /// The page's versions in every language, `(lang, absolute URL)`, when it has several.
    alternates: Vec<(String, String)>,
}

/// The sitemap's context.
#[derive(Serialize)]
pub(super) struct SitemapContext {
    urls: Vec<SitemapUrl>,
    /// Some URL has alternates (the `xhtml` namespace is declared). Computed here: a `filter`
    /// over `urls` in the template copies every entry.
    has_alternates: bool,
}

/// A page's versions in every language: `(lang, absolute URL)`.
type Alternates = Vec<(String, String)>;

/// The sitemap's context: every listed page of `docs`, the generated pages and the pagers.
pub(super) fn context(site: &Site, index: &Index, docs: &[&Doc]) -> SitemapContext {
    let mut urls: Vec<(String, Option<String>, Alternates)> = docs
        .iter()
        .map(|d| {
            let date = d.meta.updated.or(d.meta.date);
            let lastmod = date.filter(|_| d.kind != DocKind::Event).map(|x| x.iso());
            let versions = index.versions_of(d.id);
            let alternates = versions.iter().filter(|_| versions.len() > 1).map(|&v| {
                let v = &site.docs[v];
                (v.lang.clone(), index.permalink_of(&v.url_path))
            });
            (d.url_path.clone(), lastmod, alternates.collect())
        })
        .collect();
    for view in std::iter::once(index).chain(&index.views) {
        let generated = generated_paths(site, view).into_iter();
        urls.extend(generated.map(|u| (format!("{}{u}", view.prefix), None, Vec::new())));
        urls.extend(pager_paths(docs, view).map(|u| (u, None, Vec::new())));
    }
    urls.sort();
    let urls = urls.into_iter().map(|(u, lastmod, alternates)| SitemapUrl {
        loc: index.permalink_of(&u),
        lastmod,
        alternates,
    });
    let urls: Vec<SitemapUrl> = urls.collect();
    SitemapContext {
        has_alternates: urls.iter().any(|u| !u.alternates.is_empty()),
        urls,
    }
}

/// Pagers 2 and after of the paginated sections in `view`'s language (`posts/page/2/`).
fn pager_paths<'a>(docs: &'a [&Doc], view: &'a Index) -> impl Iterator<Item = String> + 'a {
    let paginated = docs.iter().filter_map(move |d| {
        let per = d.meta.paginate_by.filter(|_| d.lang == view.lang)?;
        let pages = view.section_pages.get(&d.id).map_or(0, Vec::len);
        Some((d, crate::templates::pager_count(pages, per)))
    });
    paginated.flat_map(|(d, count)| {
        (2..=count).map(move |n| crate::templates::section_pager(&d.url_path, n))
    })
}

/// The pages the build generates in `view`'s language, without its prefix.
fn generated_paths(site: &Site, view: &Index) -> Vec<String> {
    let topics = view.timeline.topics.keys();
    let mut urls: Vec<String> = topics
        .map(|t| format!("timeline/topics/{}/", crate::load::slugify(t)))
        .collect();
    let mine = |d: &&Doc| !d.broken && d.lang == view.lang;
    if site
        .docs
        .iter()
        .filter(mine)
        .any(|d| !d.meta.sources.is_empty())
    {
        urls.push("sources/".into());
    }
    let has = |p: &str| {
        let found = view.find(p, &view.lang);
        found.is_some_and(|id| site.docs[id].lang == view.lang)
    };
    if !view.glossary.terms.is_empty() && !has("glossary/_index.md") {
        urls.push("glossary/".into());
    }
    if !view.timeline.events.is_empty() && !has("timeline/_index.md") {
        urls.push("timeline/".into());
    }
    for tax in view.taxonomies.iter().filter(|t| t.config.render) {
        urls.push(tax.path());
        for term in &tax.terms {
            let first = tax.term_path(term);
            let per = tax.config.paginate_by.unwrap_or(usize::MAX);
            let count = crate::templates::pager_count(term.pages.len(), per);
            urls.extend((1..=count).map(|n| crate::templates::section_pager(&first, n)));
        }
    }
    urls
}

/// The sitemap as the built-in template `feeds/sitemap.xml` renders `ctx`.
pub(super) fn write(ctx: &SitemapContext) -> String {
    let alternates: usize = ctx.urls.iter().map(|u| u.alternates.len()).sum();
    let mut out = String::with_capacity(256 + ctx.urls.len() * 96 + alternates * 96);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if ctx.has_alternates {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    for u in &ctx.urls {
        out.push_str("  <url><loc>");
        escape(&mut out, &u.loc);
        out.push_str("</loc>");
        if let Some(lastmod) = u.lastmod.as_deref().filter(|m| !m.is_empty()) {
            out.push_str("<lastmod>");
            escape(&mut out, lastmod);
            out.push_str("</lastmod>");
        }
        for (lang, href) in &u.alternates {
            out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
            escape(&mut out, lang);
            out.push_str("\" href=\"");
            escape(&mut out, href);
            out.push_str("\"/>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(loc: &str, lastmod: Option<&str>, alternates: &[(&str, &str)]) -> SitemapUrl {
        SitemapUrl {
            loc: loc.into(),
            lastmod: lastmod.map(Into::into),
            alternates: alternates
                .iter()
                .map(|(l, h)| (l.to_string(), h.to_string()))
                .collect(),
        }
    }

    /// What the built-in template renders for `ctx`, with the build's own Tera settings.
    fn rendered(ctx: &SitemapContext) -> String {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let templates = crate::templates::load(dir.path(), "default", "/").expect("built-ins");
        let cx = tera::Context::from_serialize(ctx).expect("an object");
        let out = templates.tera.render("feeds/sitemap.xml", &cx);
        out.expect("the built-in sitemap renders")
    }

    #[test]
    fn writes_what_the_built_in_template_renders() {
        let odd = "https://e.org/a&b/<c>/\"q\"/'s/é/";
        let cases = [
            SitemapContext {
                urls: vec![],
                has_alternates: false,
            },
            SitemapContext {
                urls: vec![
                    url("https://e.org/", None, &[]),
                    url("https://e.org/a/", Some("2024-05-01"), &[]),
                    url(odd, Some("2024-05-01"), &[]),
                ],
                has_alternates: false,
            },
            SitemapContext {
                urls: vec![
                    url(
                        "https://e.org/",
                        Some("2014-07-01"),
                        &[("en", "https://e.org/"), ("ja", "https://e.org/ja/")],
                    ),
                    url("https://e.org/x/", None, &[]),
                    url(
                        odd,
                        None,
                        &[("zh-Hant", odd), ("ja", "https://e.org/ja/<x>/")],
                    ),
                ],
                has_alternates: true,
            },
        ];
        for ctx in &cases {
            assert_eq!(write(ctx), rendered(ctx));
        }
    }
}
