//! Generated machine-readable files: `sitemap.xml`, `atom.xml`, `robots.txt` and the redirect
//! pages for `redirect_from`, rendered from the built-in templates under `feeds/` (a theme or a
//! site overrides them by name, e.g. `templates/feeds/atom.xml`); and the data files
//! `glossary.json` and `timeline.json`, serialized from typed records.

use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::RenderedDoc;
use crate::model::{Doc, DocKind, Site};
use crate::output::{Contents, OutputFile};
use crate::resolve::Index;
use crate::templates::types::ConfigValue;
use crate::templates::Templates;
use serde::Serialize;

fn file(path: &str, contents: String) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        contents: Contents::Bytes(contents.into_bytes().into()),
    }
}

/// One `<url>` of the sitemap.
#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
    /// The page's versions in every language, `(lang, absolute URL)`, when it has several.
    alternates: Vec<(String, String)>,
}

/// The sitemap's context.
#[derive(Serialize)]
struct SitemapContext {
    urls: Vec<SitemapUrl>,
    /// Some URL has alternates (the `xhtml` namespace is declared). Computed here: a `filter`
    /// over `urls` in the template copies every entry.
    has_alternates: bool,
}

/// One entry of the Atom feed.
#[derive(Serialize)]
struct AtomEntry<'a> {
    title: &'a str,
    url: String,
    published: String,
    updated: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    /// The summary before a page's `<!-- more -->` marker, as HTML (when it has no description).
    #[serde(skip_serializing_if = "Option::is_none")]
    summary_html: Option<&'a str>,
}

/// The Atom feed's context.
#[derive(Serialize)]
struct AtomContext<'a> {
    config: ConfigValue<'a>,
    self_url: String,
    site_url: String,
    updated: String,
    entries: Vec<AtomEntry<'a>>,
}

/// `robots.txt`'s context.
#[derive(Serialize)]
struct RobotsContext {
    sitemap_url: String,
}

/// A redirect page's context.
#[derive(Serialize)]
struct RedirectContext<'a> {
    config: ConfigValue<'a>,
    title: &'a str,
    url: String,
    permalink: String,
}

/// A term in `glossary.json`.
#[derive(Serialize)]
struct GlossaryRecord<'a> {
    // In alphabetical order, as the file has always had them.
    aliases: &'a [String],
    ja: Option<&'a str>,
    romaji: Option<&'a str>,
    slug: &'a str,
    summary: &'a str,
    title: &'a str,
    url: String,
}

/// An event in `timeline.json`.
#[derive(Serialize)]
struct TimelineRecord<'a> {
    // In alphabetical order, as the file has always had them.
    date: String,
    end: Option<String>,
    precision: crate::date::Precision,
    slug: &'a str,
    tags: &'a [String],
    terms: &'a [String],
    title: &'a str,
    url: String,
}

/// Renders the feed template `name` with `ctx` to `path`.
fn render(
    templates: &Templates,
    name: &str,
    path: &str,
    ctx: &impl Serialize,
) -> Result<OutputFile, Diagnostic> {
    let ctx = tera::Context::from_serialize(ctx).expect("feed contexts serialize to objects");
    match templates.tera.render(name, &ctx) {
        Ok(text) => Ok(file(path, text)),
        Err(e) => Err(templates.error(name, &e, "")),
    }
}

fn config_value<'a>(site: &'a Site, index: &'a Index) -> ConfigValue<'a> {
    ConfigValue::for_lang(&site.config, &index.lang)
}

/// A page's versions in every language: `(lang, absolute URL)`.
type Alternates = Vec<(String, String)>;

fn sitemap(site: &Site, index: &Index, docs: &[&Doc]) -> SitemapContext {
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

/// What one Atom feed lists: `docs` (their dated ones), at site path `path`, for the page at
/// site path `page` (the language's home page, or a taxonomy term's page).
struct FeedOf<'a, 'd> {
    docs: &'d [&'a Doc],
    path: String,
    page: String,
}

fn atom<'a>(feed: &FeedInput<'a>, of: FeedOf<'a, '_>, index: &'a Index) -> AtomContext<'a> {
    let site = feed.site;
    let mut dated: Vec<&Doc> = of
        .docs
        .iter()
        .copied()
        .filter(|d| d.kind == DocKind::Page && d.meta.date.is_some() && d.lang == index.lang)
        .collect();
    dated.sort_by(|a, b| {
        let newest = b.meta.date.cmp(&a.meta.date);
        newest.then_with(|| a.meta.title.cmp(&b.meta.title))
    });
    let updated = dated
        .iter()
        .filter_map(|d| d.meta.updated.or(d.meta.date))
        .max();
    let updated = updated.map(|d| d.rfc3339());
    let entries = dated.into_iter().map(|d| {
        let date = d.meta.date.expect("filtered on dated pages");
        AtomEntry {
            title: &d.meta.title,
            url: index.permalink_of(&d.url_path),
            published: date.rfc3339(),
            updated: d.meta.updated.unwrap_or(date).rfc3339(),
            summary: d.meta.description.as_deref(),
            summary_html: feed.marked_summary(d),
        }
    });
    AtomContext {
        config: config_value(site, index),
        self_url: index.permalink_of(&of.path),
        site_url: index.permalink_of(&of.page),
        updated: updated.unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
        entries: entries.collect(),
    }
}

/// The Atom feed of each term of the taxonomies with `feed = true` (`tags/rust/atom.xml`).
fn term_feeds(
    feed: &FeedInput<'_>,
    view: &Index,
    templates: &Templates,
) -> Vec<Result<OutputFile, Diagnostic>> {
    let mut out = Vec::new();
    let taxonomies = view.taxonomies.iter();
    for tax in taxonomies.filter(|t| t.config.feed && t.config.render) {
        for term in &tax.terms {
            let docs: Vec<&Doc> = term.pages.iter().map(|&id| &feed.site.docs[id]).collect();
            let page = format!("{}{}", view.prefix, tax.term_path(term));
            let of = FeedOf {
                docs: &docs,
                path: format!("{page}atom.xml"),
                page,
            };
            let path = of.path.clone();
            out.push(render(
                templates,
                "feeds/atom.xml",
                &path,
                &atom(feed, of, view),
            ));
        }
    }
    out
}

fn glossary_json(site: &Site, index: &Index) -> String {
    let terms = index.glossary.terms.iter().map(|t| {
        let d = &site.docs[t.doc];
        let m = d.meta.term.as_ref().expect("term docs carry term meta");
        GlossaryRecord {
            slug: &t.slug,
            title: &t.title,
            url: index.permalink_of(&d.url_path),
            aliases: &m.aliases,
            ja: m.ja.as_deref(),
            romaji: m.romaji.as_deref(),
            summary: &t.summary,
        }
    });
    let terms: Vec<GlossaryRecord<'_>> = terms.collect();
    serde_json::to_string_pretty(&terms).expect("records serialize")
}

fn timeline_json(site: &Site, index: &Index) -> String {
    let events = index.timeline.events.iter().map(|&e| {
        let d = &site.docs[e];
        let m = d.meta.event.as_ref().expect("event docs carry event meta");
        TimelineRecord {
            slug: &d.slug,
            title: &d.meta.title,
            date: m.date.iso(),
            end: m.end.map(|x| x.iso()),
            precision: m.date.precision(),
            tags: &d.meta.tags,
            url: index.permalink_of(&d.url_path),
            terms: &m.terms,
        }
    });
    let events: Vec<TimelineRecord<'_>> = events.collect();
    serde_json::to_string_pretty(&events).expect("records serialize")
}

/// The redirect pages of `d`'s `redirect_from`.
fn redirects<'a>(
    site: &'a Site,
    index: &'a Index,
    d: &'a Doc,
) -> Vec<(String, RedirectContext<'a>)> {
    let from = d.meta.redirect_from.iter().map(|from| {
        let path = from.trim_matches('/');
        if path.ends_with(".html") {
            path.to_string()
        } else {
            format!("{path}/index.html")
        }
    });
    let ctx = |path| {
        let ctx = RedirectContext {
            config: config_value(site, index),
            title: &d.meta.title,
            url: index.url(d),
            permalink: index.permalink_of(&d.url_path),
        };
        (path, ctx)
    };
    from.map(ctx).collect()
}

/// The redirect page a section with `redirect_to` is written as, at its own URL.
fn redirect_to<'a>(
    site: &'a Site,
    index: &'a Index,
    d: &'a Doc,
) -> Option<(String, RedirectContext<'a>)> {
    let target = d.meta.redirect_to.as_deref()?.trim();
    let (url, permalink) = match target.contains("://") {
        true => (target.to_string(), target.to_string()),
        false => (index.url_of(target), index.permalink_of(target)),
    };
    let ctx = RedirectContext {
        config: config_value(site, index),
        title: &d.meta.title,
        url,
        permalink,
    };
    Some((format!("{}index.html", d.url_path), ctx))
}

/// What the feeds are made from: the site, its rendered Markdown, and its documents that
/// loaded without errors.
struct FeedInput<'a> {
    site: &'a Site,
    rendered: &'a [RenderedDoc],
    docs: Vec<&'a Doc>,
}

impl<'a> FeedInput<'a> {
    /// `d`'s summary for the feed when it has no description and a `<!-- more -->` marker.
    fn marked_summary(&self, d: &Doc) -> Option<&'a str> {
        let r = self.rendered.get(d.id)?;
        (d.meta.description.is_none() && r.summary_marked).then_some(r.first_paragraph.as_str())
    }
}

/// Every generated file of `site`, or what rendering the feed templates reported.
pub fn generate(
    site: &Site,
    rendered: &[RenderedDoc],
    index: &Index,
    templates: &Templates,
) -> (Vec<OutputFile>, Diagnostics) {
    let docs: Vec<&Doc> = site.docs.iter().filter(|d| !d.broken).collect();
    // A redirect is not a page of the sitemap or the feeds, nor is what is not written.
    let listed: Vec<&Doc> = docs
        .iter()
        .copied()
        .filter(|d| d.meta.redirect_to.is_none() && d.is_rendered())
        .collect();
    let feed = FeedInput {
        site,
        rendered,
        docs: listed.clone(),
    };
    let robots = RobotsContext {
        sitemap_url: index.permalink_of("sitemap.xml"),
    };
    let mut results = vec![
        render(
            templates,
            "feeds/sitemap.xml",
            "sitemap.xml",
            &sitemap(site, index, &listed),
        ),
        render(templates, "feeds/robots.txt", "robots.txt", &robots),
    ];
    for view in std::iter::once(index).chain(&index.views) {
        let p = &view.prefix;
        let home = FeedOf {
            docs: &feed.docs,
            path: format!("{p}atom.xml"),
            page: p.clone(),
        };
        results.push(render(
            templates,
            "feeds/atom.xml",
            &home.path.clone(),
            &atom(&feed, home, view),
        ));
        results.extend(term_feeds(&feed, view, templates));
        let glossary = glossary_json(site, view);
        results.push(Ok(file(&format!("{p}glossary.json"), glossary)));
        let timeline = timeline_json(site, view);
        results.push(Ok(file(&format!("{p}timeline.json"), timeline)));
    }
    for d in &docs {
        let view = index.view(&d.lang);
        let pages = redirects(site, view, d)
            .into_iter()
            .chain(redirect_to(site, view, d));
        for (path, ctx) in pages {
            results.push(render(templates, "feeds/redirect.html", &path, &ctx));
        }
    }
    let mut diags = Diagnostics::default();
    let files = results
        .into_iter()
        .filter_map(|r| r.map_err(|d| diags.push(d)).ok());
    (files.collect(), diags)
}
