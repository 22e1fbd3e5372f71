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

mod sitemap;

fn file(path: &str, contents: String) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        contents: Contents::Bytes(contents.into_bytes().into()),
    }
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
    /// The feed's title: the site's, then what the feed is of (`Site · rust`, with the
    /// separator of the pages' titles; Zola's term feeds add the term too, after ` - `).
    title: String,
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

/// `sitemap.xml`, written directly while its template is the built-in one (and split into
/// parts past [`sitemap::PART_BYTES`]); else rendered whole by the site's template.
fn write_sitemap(
    templates: &Templates,
    index: &Index,
    ctx: sitemap::SitemapContext,
) -> Vec<Result<OutputFile, Diagnostic>> {
    const NAME: &str = "feeds/sitemap.xml";
    if !templates.is_builtin(NAME) {
        return vec![render(templates, NAME, "sitemap.xml", &ctx)];
    }
    let parts = sitemap::files(&ctx, sitemap::PART_BYTES, |p| index.permalink_of(p));
    parts
        .into_iter()
        .map(|(p, text)| Ok(file(&p, text)))
        .collect()
}

fn config_value<'a>(site: &'a Site, index: &'a Index) -> ConfigValue<'a> {
    ConfigValue::for_lang(&site.config, &index.lang)
}

/// What one Atom feed lists: `docs` (their dated ones), at site path `path`, for the page at
/// site path `page` (the language's home page, or a taxonomy term's page).
struct FeedOf<'a, 'd> {
    docs: &'d [&'a Doc],
    path: String,
    page: String,
    /// What the feed is of, after the site's title (a taxonomy term's name), if anything.
    of: Option<&'a str>,
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
    dated.truncate(site.config.feed_limit.get());
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
    let config = config_value(site, index);
    let title = match of.of {
        Some(what) => format!("{} · {what}", config.title),
        None => config.title.to_string(),
    };
    AtomContext {
        config,
        title,
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
                of: Some(&term.name),
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
    let from = d
        .meta
        .redirect_from
        .iter()
        .map(|from| crate::model::redirect_file(from));
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
    Some((d.page_file(), ctx))
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
    let mut results = write_sitemap(templates, index, sitemap::context(site, index, &listed));
    results.push(render(templates, "feeds/robots.txt", "robots.txt", &robots));
    for view in std::iter::once(index).chain(&index.views) {
        let p = &view.prefix;
        let home = FeedOf {
            docs: &feed.docs,
            path: format!("{p}atom.xml"),
            page: p.clone(),
            of: None,
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
