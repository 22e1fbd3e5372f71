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

/// The most bytes of one sitemap file the built-in writer makes. Past it, `sitemap.xml` is a
/// sitemap index of `sitemap1.xml`, `sitemap2.xml`, … (Zola's names). The protocol allows
/// 50,000 URLs and 50 MB a file; kept smaller, no file of a 10,000-page site's output is
/// over 512 KB, and a crawler that fetches the sitemap again fetches less at a time.
pub(super) const PART_BYTES: usize = 480 * 1024;

const FOOTER: &str = "</urlset>\n";

/// The built-in sitemap: `sitemap.xml` alone when it fits in `max` bytes, else an index at
/// `sitemap.xml` and parts of at most `max` bytes (unless one entry is longer), as
/// `(output path, text)`; `permalink` gives an output path's absolute URL.
pub(super) fn files(
    ctx: &SitemapContext,
    max: usize,
    permalink: impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    let whole = write(ctx);
    if whole.len() <= max {
        return vec![("sitemap.xml".into(), whole)];
    }
    let mut parts = Vec::new();
    let (mut part, mut entry) = (String::new(), String::new());
    for u in &ctx.urls {
        entry.clear();
        write_url(&mut entry, u);
        if !part.is_empty() && part.len() + entry.len() + FOOTER.len() > max {
            part.push_str(FOOTER);
            parts.push(std::mem::take(&mut part));
        }
        if part.is_empty() {
            write_head(&mut part, ctx.has_alternates);
        }
        part.push_str(&entry);
    }
    part.push_str(FOOTER);
    parts.push(part);
    let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    index.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut out = Vec::with_capacity(parts.len() + 1);
    for (n, text) in parts.into_iter().enumerate() {
        let name = format!("sitemap{}.xml", n + 1);
        index.push_str("  <sitemap><loc>");
        escape(&mut index, &permalink(&name));
        index.push_str("</loc></sitemap>\n");
        out.push((name, text));
    }
    index.push_str("</sitemapindex>\n");
    out.insert(0, ("sitemap.xml".into(), index));
    out
}

/// The sitemap as the built-in template `feeds/sitemap.xml` renders `ctx`.
pub(super) fn write(ctx: &SitemapContext) -> String {
    let alternates: usize = ctx.urls.iter().map(|u| u.alternates.len()).sum();
    let mut out = String::with_capacity(256 + ctx.urls.len() * 96 + alternates * 96);
    write_head(&mut out, ctx.has_alternates);
    for u in &ctx.urls {
        write_url(&mut out, u);
    }
    out.push_str(FOOTER);
    out
}

/// The XML declaration and the `<urlset>` start tag.
fn write_head(out: &mut String, has_alternates: bool) {
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if has_alternates {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
}

/// One `<url>` element and its line break.
fn write_url(out: &mut String, u: &SitemapUrl) {
    out.push_str("  <url><loc>");
    escape(out, &u.loc);
    out.push_str("</loc>");
    if let Some(lastmod) = u.lastmod.as_deref().filter(|m| !m.is_empty()) {
        out.push_str("<lastmod>");
        escape(out, lastmod);
        out.push_str("</lastmod>");
    }
    for (lang, href) in &u.alternates {
        out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
        escape(out, lang);
        out.push_str("\" href=\"");
        escape(out, href);
        out.push_str("\"/>");
    }
    out.push_str("</url>\n");
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

    #[test]
    fn a_sitemap_past_the_bound_is_an_index_of_parts_within_it() {
        let urls = (0..300)
            .map(|i| url(&format!("https://e.org/p{i:03}/"), Some("2024-05-01"), &[]))
            .collect();
        let ctx = SitemapContext {
            urls,
            has_alternates: false,
        };
        let permalink = |p: &str| format!("https://e.org/{p}");
        let whole = write(&ctx);
        assert_eq!(
            files(&ctx, whole.len(), permalink),
            [("sitemap.xml".to_string(), whole.clone())]
        );
        let max = 4096;
        let out = files(&ctx, max, permalink);
        let (index, parts) = out.split_first().expect("an index");
        assert_eq!(index.0, "sitemap.xml");
        assert!(index
            .1
            .contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
        let names: Vec<String> = (1..=parts.len())
            .map(|n| format!("sitemap{n}.xml"))
            .collect();
        assert_eq!(parts.iter().map(|p| p.0.clone()).collect::<Vec<_>>(), names);
        let listed: Vec<&str> = index
            .1
            .split("<loc>")
            .skip(1)
            .filter_map(|s| s.split("</loc>").next())
            .collect();
        let expected: Vec<String> = names.iter().map(|n| permalink(n)).collect();
        assert_eq!(listed, expected);
        assert!(parts.len() > 1);
        for (_, text) in parts {
            assert!(text.len() <= max, "{} bytes", text.len());
            assert!(text.starts_with("<?xml") && text.ends_with("</urlset>\n"));
        }
        // The parts hold every entry once, in order.
        let entries = |t: &str| {
            t.lines()
                .filter(|l| l.starts_with("  <url>"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let joined: Vec<String> = parts.iter().flat_map(|p| entries(&p.1)).collect();
        assert_eq!(joined, entries(&whole));
    }
}
