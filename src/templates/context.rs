//! Building each page's template context (names follow Zola: `config`, `page`, `section`) and
//! rendering every page, section and generated listing.

use super::{tera_error_message, Templates};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::incremental::hash_value;
use crate::markdown::RenderedDoc;
use crate::model::{Doc, DocId, DocKind, Site};
use crate::resolve::backlinks::{Backlinks, Referrer};
use crate::resolve::timeline::{svg, SvgMark};
use crate::resolve::Index;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// A rendered output file: path relative to the output folder, and contents.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// e.g. `notes/one/index.html`.
    pub path: String,
    /// The bytes to write.
    pub contents: Vec<u8>,
    /// Hash of the template context that produced it (0 for files not made from templates).
    pub hash: u64,
    /// True when the bytes were reused from an earlier compile (the context was the same).
    pub reused: bool,
    /// True when the page already went to the [`PageSink`] (its `contents` are then empty).
    pub written: bool,
}

/// Where pages go as soon as they are rendered, so that a build does not hold the whole site
/// in memory: (output path, bytes).
pub type PageSink<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<(), crate::error::Error> + Sync);

/// Pages rendered by an earlier compile: output path → (context hash, bytes).
pub type PageCache = std::collections::HashMap<String, (u64, Vec<u8>)>;

/// Everything the template stage reads.
#[derive(Clone, Copy)]
pub struct RenderInput<'a> {
    /// The site.
    pub site: &'a Site,
    /// The index.
    pub index: &'a Index,
    /// Rendered Markdown, by document id.
    pub rendered: &'a [RenderedDoc],
    /// Cross references.
    pub back: &'a Backlinks,
    /// Loaded templates.
    pub templates: &'a Templates,
    /// What the dev server injects.
    pub inject: Injection<'a>,
    /// Each document's render key (see `incremental::render_key`), by document id.
    pub render_keys: &'a [u64],
    /// Pages from the previous compile, reused where the context is unchanged.
    pub previous: &'a PageCache,
    /// Compute each page's context hash (only worth it when pages are cached).
    pub hash_pages: bool,
    /// Write each page here as soon as it is rendered.
    pub sink: Option<PageSink<'a>>,
}

struct Cx<'a> {
    site: &'a Site,
    index: &'a Index,
    rendered: &'a [RenderedDoc],
    back: &'a Backlinks,
    templates: &'a Templates,
    globals: tera::Context,
    globals_map: serde_json::Map<String, Value>,
    globals_nav: Vec<Value>,
    globals_hash: u64,
    extra_head: &'a str,
    extra_body: &'a str,
    render_keys: &'a [u64],
    previous: &'a PageCache,
    hash_pages: bool,
    sink: Option<PageSink<'a>>,
}

fn reading_time(words: usize) -> usize {
    words.div_ceil(220).max(1)
}

impl Cx<'_> {
    fn doc(&self, id: DocId) -> &Doc {
        &self.site.docs[id]
    }
    fn url(&self, id: DocId) -> String {
        self.index.url(self.doc(id))
    }
    fn link(&self, id: DocId) -> Value {
        json!({"title": self.doc(id).meta.title, "url": self.url(id)})
    }
    fn referrers(&self, list: Option<&Vec<Referrer>>) -> Value {
        let mut v: Vec<&Referrer> = list.map(|l| l.iter().collect()).unwrap_or_default();
        v.sort_by_cached_key(|r| {
            (
                self.doc(r.doc).kind != DocKind::Page,
                self.doc(r.doc).meta.title.to_lowercase(),
            )
        });
        Value::Array(
            v.into_iter()
                .map(|r| {
                    let url = self.url(r.doc);
                    let sections: Vec<Value> = r
                        .sections
                        .iter()
                        .map(|s| json!({"title": s.title, "url": format!("{url}#{}", s.id)}))
                        .collect();
                    json!({"title": self.doc(r.doc).meta.title, "url": url, "sections": sections})
                })
                .collect(),
        )
    }
    fn event_brief(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let e = d.meta.event.as_ref().expect("event docs carry event meta");
        json!({"title": d.meta.title, "url": self.url(id), "date_iso": e.date.iso(), "date_display": e.date.to_string()})
    }
    fn term_brief(&self, term: usize) -> Value {
        let t = &self.index.glossary.terms[term];
        let d = self.doc(t.doc);
        let m = d.meta.term.as_ref().expect("term docs carry term meta");
        json!({"slug": t.slug, "title": t.title, "url": self.url(t.doc), "summary": t.summary, "ja": m.ja, "romaji": m.romaji, "aliases": m.aliases})
    }
    fn topic_url(&self, tag: &str) -> String {
        self.index
            .url_of(&format!("timeline/topics/{}/", crate::load::slugify(tag)))
    }
    fn event_full(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let e = d.meta.event.as_ref().expect("event docs carry event meta");
        let topics: Vec<Value> = d
            .meta
            .tags
            .iter()
            .map(|t| json!({"name": t, "url": self.topic_url(t)}))
            .collect();
        json!({
            "slug": d.slug, "title": d.meta.title, "url": self.url(id),
            "date_iso": e.date.iso(), "date_display": e.date.to_string(),
            "end_iso": e.end.map(|x| x.iso()), "end_display": e.end.map(|x| x.to_string()),
            "precision": e.date.precision(), "summary_html": self.rendered[id].first_paragraph, "topics": topics,
        })
    }
    fn sources(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let r = &self.rendered[id];
        Value::Array(
            r.citations
                .iter()
                .enumerate()
                .filter_map(|(i, c)| d.meta.sources.iter().find(|s| &s.id == c).map(|s| (i, s)))
                .map(|(i, s)| json!({"id": s.id, "number": i + 1, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url}))
                .collect(),
        )
    }
    fn page_summary(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let r = &self.rendered[id];
        json!({
            "title": d.meta.title, "url": self.url(id), "description": d.meta.description,
            "date_iso": d.meta.date.map(|x| x.iso()), "date_display": d.meta.date.map(|x| x.to_string()),
            "summary_html": r.first_paragraph, "word_count": r.word_count, "reading_time": reading_time(r.word_count),
        })
    }

    fn page_value(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let r = &self.rendered[id];
        let mut v = json!({
            "title": d.meta.title, "description": d.meta.description, "toc": r.toc,
            "date": d.meta.date.map(|x| x.iso()), "date_display": d.meta.date.map(|x| x.to_string()),
            "updated": d.meta.updated.map(|x| x.iso()), "updated_display": d.meta.updated.map(|x| x.to_string()),
            "permalink": self.index.permalink_of(&d.url_path), "url": self.url(id), "slug": d.slug, "path": d.content_path,
            "tags": d.meta.tags, "extra": d.meta.extra, "word_count": r.word_count, "reading_time": reading_time(r.word_count),
            "kind": d.kind, "sources": self.sources(id),
            "terms_used": self.back.terms_on_page.get(&id).map(|ts| ts.iter().map(|&t| self.term_brief(t)).collect::<Vec<_>>()).unwrap_or_default(),
            "timeline_events": self.back.events_on_page.get(&id).map(|es| es.iter().map(|&e| self.event_brief(e)).collect::<Vec<_>>()).unwrap_or_default(),
            "backlinks": self.referrers(self.back.linked_from.get(&id)),
            "term": Value::Null, "event": Value::Null,
        });
        if let (Some(m), Some(&term)) = (&d.meta.term, self.index.glossary.by_doc.get(&id)) {
            let related: Vec<Value> = m
                .related
                .iter()
                .filter_map(|s| self.index.glossary.terms.iter().position(|t| &t.slug == s))
                .map(|t| self.term_brief(t))
                .collect();
            let events: Vec<Value> = self
                .index
                .timeline
                .by_term
                .get(&id)
                .map(|es| es.iter().map(|&e| self.event_brief(e)).collect())
                .unwrap_or_default();
            v["term"] = json!({
                "slug": self.index.glossary.terms[term].slug, "ja": m.ja, "romaji": m.romaji, "summary": m.summary, "aliases": m.aliases,
                "related": related, "mentioned_in": self.referrers(self.back.mentions.get(&id)), "events": events,
            });
        }
        if let Some(e) = &d.meta.event {
            let pos = self.index.timeline.position.get(&id).copied();
            let neighbour = |p: Option<usize>| {
                p.and_then(|p| self.index.timeline.events.get(p)).map(|&n| {
                    let mut b = self.event_brief(n);
                    b["date_display"] =
                        json!(self.doc(n).meta.event.as_ref().map(|x| x.date.to_string()));
                    b
                })
            };
            let terms: Vec<Value> = e
                .terms
                .iter()
                .filter_map(|s| self.index.glossary.terms.iter().position(|t| &t.slug == s))
                .map(|t| self.term_brief(t))
                .collect();
            let mut full = self.event_full(id);
            full["terms"] = Value::Array(terms);
            full["prev"] = neighbour(pos.and_then(|p| p.checked_sub(1))).unwrap_or(Value::Null);
            full["next"] = neighbour(pos.map(|p| p + 1)).unwrap_or(Value::Null);
            full["discussed_in"] = self.referrers(self.back.linked_from.get(&id));
            v["event"] = full;
        }
        v
    }

    fn section_value(&self, id: DocId) -> Value {
        let d = self.doc(id);
        let r = &self.rendered[id];
        let pages: Vec<Value> = self
            .index
            .section_pages
            .get(&id)
            .map(|ps| ps.iter().map(|&p| self.page_summary(p)).collect())
            .unwrap_or_default();
        let subsections: Vec<Value> = self.index.subsections.get(&id).map(|ss| ss.iter().map(|&s| json!({"title": self.doc(s).meta.title, "url": self.url(s), "description": self.doc(s).meta.description})).collect()).unwrap_or_default();
        json!({
            "title": d.meta.title, "description": d.meta.description, "toc": r.toc,
            "permalink": self.index.permalink_of(&d.url_path), "url": self.url(id), "extra": d.meta.extra,
            "sources": self.sources(id), "pages": pages, "subsections": subsections,
        })
    }

    fn glossary_value(&self) -> Value {
        let mut letters: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (i, t) in self.index.glossary.terms.iter().enumerate() {
            let first = t
                .title
                .chars()
                .find(|c| c.is_alphanumeric())
                .map(|c| c.to_uppercase().to_string())
                .unwrap_or_else(|| "#".into());
            let letter = if first.chars().all(|c| c.is_ascii_digit()) {
                "0–9".to_string()
            } else {
                first
            };
            letters.entry(letter).or_default().push(self.term_brief(i));
        }
        let letters: Vec<Value> = letters
            .into_iter()
            .map(|(l, terms)| {
                let id = if l == "0–9" {
                    "letter-0-9".to_string()
                } else {
                    format!("letter-{}", crate::load::slugify(&l))
                };
                json!({"letter": l, "id": id, "terms": terms})
            })
            .collect();
        json!({"letters": letters})
    }

    fn timeline_value(&self, topic: Option<&str>) -> Value {
        let events: Vec<DocId> = match topic {
            Some(t) => self
                .index
                .timeline
                .topics
                .get(t)
                .cloned()
                .unwrap_or_default(),
            None => self.index.timeline.events.clone(),
        };
        let mut decades: Vec<(i32, Vec<Value>)> = Vec::new();
        let mut marks = Vec::new();
        for &e in &events {
            let d = self.doc(e);
            let date = d
                .meta
                .event
                .as_ref()
                .expect("event docs carry event meta")
                .date;
            if decades.last().is_none_or(|(dec, _)| *dec != date.decade()) {
                decades.push((date.decade(), Vec::new()));
            }
            decades
                .last_mut()
                .expect("just pushed")
                .1
                .push(self.event_full(e));
            let (_, m, day) = date.earliest();
            marks.push(SvgMark {
                year: date.year,
                within: (f32::from(m) - 1.0 + f32::from(day) / 31.0) / 12.0,
                title: d.meta.title.clone(),
                date_display: date.to_string(),
                url: self.url(e),
            });
        }
        let decades: Vec<Value> = decades
            .into_iter()
            .map(|(d, evs)| json!({"label": format!("{d}s"), "id": format!("{d}s"), "events": evs}))
            .collect();
        let topics: Vec<Value> = self.index.timeline.topics.iter().map(|(name, evs)| json!({"name": name, "url": self.topic_url(name), "count": evs.len()})).collect();
        json!({"decades": decades, "topics": topics, "svg": svg(&marks), "topic": topic})
    }

    fn sources_value(&self) -> Value {
        let mut by_publisher: BTreeMap<String, BTreeMap<String, (Value, Vec<Value>)>> =
            BTreeMap::new();
        for (d, r) in self.site.docs.iter().zip(self.rendered) {
            for s in d
                .meta
                .sources
                .iter()
                .filter(|s| r.citations.contains(&s.id))
            {
                let publisher = if s.publisher.trim().is_empty() {
                    "Other".to_string()
                } else {
                    s.publisher.clone()
                };
                let key = if s.url.is_empty() {
                    s.id.clone()
                } else {
                    s.url.clone()
                };
                let entry = by_publisher
                    .entry(publisher)
                    .or_default()
                    .entry(key)
                    .or_insert_with(|| {
                        (
                            json!({"id": s.id, "title": s.title, "date": s.date, "url": s.url}),
                            Vec::new(),
                        )
                    });
                entry.1.push(self.link(d.id));
            }
        }
        let publishers: Vec<Value> = by_publisher.into_iter().map(|(p, sources)| {
            let mut list: Vec<Value> = sources.into_values().map(|(mut s, cited)| { s["cited_by"] = Value::Array(cited); s }).collect();
            list.sort_by_cached_key(|s| s["title"].as_str().unwrap_or("").to_lowercase());
            json!({"publisher": p, "id": format!("publisher-{}", crate::load::slugify(&p)), "sources": list})
        }).collect();
        json!({"publishers": publishers})
    }

    fn render(
        &self,
        template: &str,
        path: &str,
        vars: Vec<(&str, Value)>,
        title: &str,
        description: Option<&str>,
        from: Option<&Doc>,
    ) -> Result<Rendered, Diagnostic> {
        let current = path.trim_end_matches("index.html");
        let here = self.index.url_of(current);
        // Which navigation entries are active is all that differs from page to page; the entries
        // themselves are in the globals hash, and their JSON is built only for pages rendered.
        let active: Vec<bool> = self
            .globals_nav
            .iter()
            .map(|n| {
                let url = n["url"].as_str().unwrap_or("");
                here == url || (url != self.index.base_path && here.starts_with(url))
            })
            .collect();
        let has_code = from.is_some_and(|d| self.rendered[d.id].has_code);
        let description = description.unwrap_or(&self.site.config.description);
        let mut hash = 0;
        if self.hash_pages {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (
                self.globals_hash,
                template,
                path,
                title,
                description,
                has_code,
            )
                .hash(&mut h);
            active.hash(&mut h);
            if let Some(d) = from {
                self.render_keys.get(d.id).hash(&mut h);
            }
            for (k, v) in &vars {
                k.hash(&mut h);
                hash_value(v, &mut h, from.is_some());
            }
            hash = h.finish();
            if let Some((old, bytes)) = self.previous.get(path) {
                if *old == hash {
                    return Ok(Rendered {
                        path: path.to_string(),
                        contents: bytes.clone(),
                        hash,
                        reused: true,
                        written: false,
                    });
                }
            }
        }
        // A document's HTML goes in only now: it is large, and a reused page never needs it.
        let mut vars = vars;
        if let Some(d) = from {
            for (k, v) in vars.iter_mut() {
                if let (true, Some(obj)) = (*k == "page" || *k == "section", v.as_object_mut()) {
                    obj.insert(
                        "content".into(),
                        Value::String(self.rendered[d.id].html.clone()),
                    );
                }
            }
        }
        // Build the context by moving values in: Tera's `insert` would serialise each one again.
        let mut map = self.globals_map.clone();
        map.insert("title".into(), json!(title));
        map.insert("description".into(), json!(description));
        map.insert(
            "current_url".into(),
            json!(self.index.permalink_of(current)),
        );
        map.insert("current_path".into(), Value::String(here));
        map.insert("extra_head".into(), json!(self.extra_head));
        map.insert("extra_body".into(), json!(self.extra_body));
        map.insert("has_code".into(), json!(has_code));
        let nav: Vec<Value> = self
            .globals_nav
            .iter()
            .zip(&active)
            .map(|(n, &a)| {
                let mut n = n.clone();
                n["active"] = json!(a);
                n
            })
            .collect();
        map.insert("nav".into(), Value::Array(nav));
        for (k, v) in vars {
            map.insert(k.to_string(), v);
        }
        let ctx = tera::Context::from_value(Value::Object(map))
            .expect("a JSON object is a valid context");
        match self.templates.tera.render(template, &ctx) {
            Ok(html) => match self.sink {
                Some(sink) => match sink(path, html.as_bytes()) {
                    Ok(()) => Ok(Rendered {
                        path: path.to_string(),
                        contents: Vec::new(),
                        hash,
                        reused: false,
                        written: true,
                    }),
                    Err(e) => Err(Diagnostic::error(
                        Location::file(path),
                        format!("cannot write the page: {e}"),
                    )),
                },
                None => Ok(Rendered {
                    path: path.to_string(),
                    contents: html.into_bytes(),
                    hash,
                    reused: false,
                    written: false,
                }),
            },
            Err(e) => {
                let (message, line, col) = tera_error_message(&e);
                let label = self
                    .templates
                    .origin
                    .get(template)
                    .cloned()
                    .unwrap_or_else(|| template.to_string());
                let while_ = from
                    .map(|d| format!(" (while rendering {})", d.file.path))
                    .unwrap_or_default();
                Err(Diagnostic::error(
                    Location {
                        path: label,
                        line,
                        col,
                    },
                    format!("template error: {message}{while_}"),
                ))
            }
        }
    }
}

/// A tag as a reader sees it: `export-policy` → "Export policy".
fn topic_name(tag: &str) -> String {
    let spaced = tag.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn default_template(d: &Doc) -> &'static str {
    match (d.kind, d.content_path.as_str()) {
        (DocKind::Section, "_index.md") => "index.html",
        (DocKind::Section, "glossary/_index.md") => "glossary.html",
        (DocKind::Section, "timeline/_index.md") => "timeline.html",
        (DocKind::Section, _) => "section.html",
        (DocKind::Term, _) => "term.html",
        (DocKind::Event, _) => "event.html",
        (DocKind::Page, _) => "page.html",
    }
}

/// Injected by the dev server into every page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Injection<'a> {
    /// HTML for the end of `<head>`.
    pub head: &'a str,
    /// HTML for the end of `<body>`.
    pub body: &'a str,
}

/// Renders every page, section and generated listing.
pub fn render_site(input: RenderInput<'_>) -> (Vec<Rendered>, Diagnostics) {
    let RenderInput {
        site,
        index,
        rendered,
        back,
        templates,
        inject,
        render_keys,
        previous,
        hash_pages,
        sink,
    } = input;
    let config = &site.config;
    let mut globals = tera::Context::new();
    globals.insert("config", &json!({"title": config.title, "description": config.description, "base_url": config.base_url, "language": config.language, "author": config.author, "extra": config.extra}));
    globals.insert("feed_url", &index.url_of("atom.xml"));
    globals.insert("home_url", &index.base_path);
    let home = site
        .docs
        .iter()
        .find(|d| d.content_path == "_index.md")
        .map(|d| d.id);
    let mut nav: Vec<(i64, String, String)> = Vec::new();
    if let Some(h) = home {
        for &s in index
            .subsections
            .get(&h)
            .into_iter()
            .flatten()
            .chain(index.section_pages.get(&h).into_iter().flatten())
        {
            let d = &site.docs[s];
            nav.push((
                d.meta.weight.unwrap_or(i64::MAX),
                d.meta.title.clone(),
                index.url(d),
            ));
        }
    }
    nav.sort_by_key(|a| a.0);
    let mut nav: Vec<Value> = nav
        .into_iter()
        .map(|(_, t, u)| json!({"title": t, "url": u}))
        .collect();
    let has_sources = site.docs.iter().any(|d| !d.meta.sources.is_empty());
    if has_sources {
        nav.push(json!({"title": "Sources", "url": index.url_of("sources/")}));
    }
    globals.insert("nav", &nav);
    let cx0 = Cx {
        site,
        index,
        rendered,
        back,
        templates,
        globals,
        globals_map: serde_json::Map::new(),
        globals_nav: Vec::new(),
        globals_hash: 0,
        extra_head: inject.head,
        extra_body: inject.body,
        render_keys,
        previous,
        hash_pages,
        sink,
    };
    let mut globals = cx0.globals.clone();
    if templates.all_sources.contains("glossary_terms") {
        let terms: Vec<Value> = (0..index.glossary.terms.len())
            .map(|t| cx0.term_brief(t))
            .collect();
        globals.insert("glossary_terms", &terms);
    } else {
        globals.insert("glossary_terms", &Vec::<Value>::new());
    }
    let globals_json = globals.clone().into_json();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    hash_value(&globals_json, &mut h, false);
    (inject.head, inject.body).hash(&mut h);
    let globals_map = match globals_json {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    let globals_nav = globals_map
        .get("nav")
        .and_then(|n| n.as_array())
        .cloned()
        .unwrap_or_default();
    let cx = Cx {
        globals,
        globals_map,
        globals_nav,
        globals_hash: h.finish(),
        ..cx0
    };
    let mut diags = Diagnostics::default();
    let results: Vec<Result<Rendered, Diagnostic>> = site
        .docs
        .par_iter()
        .filter(|d| !d.broken)
        .map(|d| {
            let template = d
                .meta
                .template
                .as_deref()
                .unwrap_or_else(|| default_template(d));
            if cx.templates.tera.get_template(template).is_err() {
                return Err(d
                    .file
                    .error_at(
                        d.key_offset("template"),
                        format!("unknown template `{template}`"),
                    )
                    .with_help(format!(
                        "templates come from themes/{}/templates/ or the site's templates/ folder",
                        site.config.theme
                    )));
            }
            let path = format!("{}index.html", d.url_path);
            let mut vars = Vec::new();
            if d.kind == DocKind::Section {
                vars.push(("section", cx.section_value(d.id)));
                vars.push(("page", Value::Null));
            } else {
                vars.push(("page", cx.page_value(d.id)));
            }
            if template == "glossary.html" {
                vars.push(("glossary", cx.glossary_value()));
            }
            if template == "timeline.html" {
                vars.push(("timeline", cx.timeline_value(None)));
            }
            let fallback = match (&d.meta.term, d.kind) {
                (Some(t), _) => Some(t.summary.clone()),
                (None, DocKind::Event | DocKind::Page) => {
                    Some(cx.rendered[d.id].first_paragraph_text.clone()).filter(|s| !s.is_empty())
                }
                _ => None,
            };
            let description = d.meta.description.clone().or(fallback);
            cx.render(
                template,
                &path,
                vars,
                &d.meta.title,
                description.as_deref(),
                Some(d),
            )
        })
        .collect();
    let mut files = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    let mut generated: Vec<Result<Rendered, Diagnostic>> = Vec::new();
    let has = |p: &str| index.by_path.contains_key(p);
    if !index.glossary.terms.is_empty() && !has("glossary/_index.md") {
        generated.push(cx.render("glossary.html", "glossary/index.html", vec![("section", json!({"title": "Glossary", "content": "", "pages": [], "subsections": [], "toc": [], "sources": [], "url": index.url_of("glossary/")})), ("glossary", cx.glossary_value())], "Glossary", None, None));
    }
    if !index.timeline.events.is_empty() && !has("timeline/_index.md") {
        generated.push(cx.render("timeline.html", "timeline/index.html", vec![("section", json!({"title": "Timeline", "content": "", "pages": [], "subsections": [], "toc": [], "sources": [], "url": index.url_of("timeline/")})), ("timeline", cx.timeline_value(None))], "Timeline", None, None));
    }
    let topics: Vec<Result<Rendered, Diagnostic>> = index
        .timeline
        .topics
        .keys()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|t| {
            let path = format!("timeline/topics/{}/index.html", crate::load::slugify(t));
            cx.render(
                "topic.html",
                &path,
                vec![("timeline", cx.timeline_value(Some(t)))],
                &format!("Timeline: {}", topic_name(t)),
                None,
                None,
            )
        })
        .collect();
    generated.extend(topics);
    if has_sources {
        generated.push(cx.render(
            "sources.html",
            "sources/index.html",
            vec![("sources_index", cx.sources_value())],
            "Sources",
            None,
            None,
        ));
    }
    generated.push(cx.render("404.html", "404.html", vec![], "Page not found", None, None));
    for r in generated {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    (files, diags)
}
