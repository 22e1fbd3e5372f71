//! Generated machine-readable files: `sitemap.xml`, `atom.xml`, `robots.txt`, `glossary.json`,
//! `timeline.json`, and redirect pages for `redirect_from`.

use crate::html::escape_html;
use crate::model::{DocKind, Site};
use crate::output::{Contents, OutputFile};
use crate::resolve::Index;
use serde_json::json;

fn file(path: &str, contents: String) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        contents: Contents::Bytes(contents.into_bytes().into()),
    }
}

/// All generated files for `site`.
pub fn generate(site: &Site, index: &Index) -> Vec<OutputFile> {
    let docs: Vec<_> = site.docs.iter().filter(|d| !d.broken).collect();
    let mut out = Vec::new();
    // sitemap.xml
    let mut sm = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut urls: Vec<(String, Option<String>)> = docs
        .iter()
        .map(|d| {
            (
                d.url_path.clone(),
                d.meta
                    .updated
                    .or(d.meta.date)
                    .filter(|_| d.kind != DocKind::Event)
                    .map(|x| x.iso()),
            )
        })
        .collect();
    urls.extend(index.timeline.topics.keys().map(|t| {
        (
            format!("timeline/topics/{}/", crate::load::slugify(t)),
            None,
        )
    }));
    if docs.iter().any(|d| !d.meta.sources.is_empty()) {
        urls.push(("sources/".into(), None));
    }
    if !index.glossary.terms.is_empty() && !index.by_path.contains_key("glossary/_index.md") {
        urls.push(("glossary/".into(), None));
    }
    if !index.timeline.events.is_empty() && !index.by_path.contains_key("timeline/_index.md") {
        urls.push(("timeline/".into(), None));
    }
    urls.sort();
    for (u, lastmod) in urls {
        sm.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape_html(&index.permalink_of(&u))
        ));
        if let Some(l) = lastmod {
            sm.push_str(&format!("<lastmod>{l}</lastmod>"));
        }
        sm.push_str("</url>\n");
    }
    sm.push_str("</urlset>\n");
    out.push(file("sitemap.xml", sm));
    // atom.xml: dated pages, newest first.
    let mut dated: Vec<_> = docs
        .iter()
        .filter(|d| d.kind == DocKind::Page && d.meta.date.is_some())
        .collect();
    dated.sort_by(|a, b| {
        b.meta
            .date
            .cmp(&a.meta.date)
            .then_with(|| a.meta.title.cmp(&b.meta.title))
    });
    let cfg = &site.config;
    let updated = dated
        .iter()
        .filter_map(|d| d.meta.updated.or(d.meta.date))
        .max()
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut atom = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n",
        escape_html(&cfg.language), escape_html(&cfg.title), escape_html(&cfg.description),
        escape_html(&index.permalink_of("atom.xml")), escape_html(&index.permalink_of("")), escape_html(&index.permalink_of("")),
    );
    if !cfg.author.is_empty() {
        atom.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape_html(&cfg.author)
        ));
    }
    for d in dated {
        let link = index.permalink_of(&d.url_path);
        let date = d.meta.date.expect("filtered on dated pages");
        atom.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <id>{}</id>\n    <published>{}</published>\n    <updated>{}</updated>\n",
            escape_html(&d.meta.title), escape_html(&link), escape_html(&link), date.rfc3339(), d.meta.updated.unwrap_or(date).rfc3339()
        ));
        if let Some(desc) = &d.meta.description {
            atom.push_str(&format!("    <summary>{}</summary>\n", escape_html(desc)));
        }
        atom.push_str("  </entry>\n");
    }
    atom.push_str("</feed>\n");
    out.push(file("atom.xml", atom));
    out.push(file(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            index.permalink_of("sitemap.xml")
        ),
    ));
    // glossary.json
    let terms: Vec<_> = index.glossary.terms.iter().map(|t| {
        let m = site.docs[t.doc].meta.term.as_ref().expect("term docs carry term meta");
        json!({"slug": t.slug, "title": t.title, "url": index.permalink_of(&site.docs[t.doc].url_path), "aliases": m.aliases, "ja": m.ja, "romaji": m.romaji, "summary": t.summary})
    }).collect();
    out.push(file(
        "glossary.json",
        serde_json::to_string_pretty(&terms).expect("JSON values serialize"),
    ));
    // timeline.json
    let events: Vec<_> = index.timeline.events.iter().map(|&e| {
        let d = &site.docs[e];
        let m = d.meta.event.as_ref().expect("event docs carry event meta");
        json!({"slug": d.slug, "title": d.meta.title, "date": m.date.iso(), "end": m.end.map(|x| x.iso()), "precision": m.date.precision(), "tags": d.meta.tags, "url": index.permalink_of(&d.url_path), "terms": m.terms})
    }).collect();
    out.push(file(
        "timeline.json",
        serde_json::to_string_pretty(&events).expect("JSON values serialize"),
    ));
    // redirects
    for d in &docs {
        for from in &d.meta.redirect_from {
            let to = index.url(d);
            let path = from.trim_matches('/');
            let path = if path.ends_with(".html") {
                path.to_string()
            } else {
                format!("{path}/index.html")
            };
            out.push(file(&path, format!(
                "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Redirect</title><link rel=\"canonical\" href=\"{}\"><meta http-equiv=\"refresh\" content=\"0; url={}\"></head><body><p><a href=\"{}\">{}</a></p></body></html>\n",
                escape_html(&cfg.language), escape_html(&index.permalink_of(&d.url_path)), escape_html(&to), escape_html(&to), escape_html(&d.meta.title)
            )));
        }
    }
    out
}
