//! Building each page's template context (names follow Zola: `config`, `page`, `section`) and
//! rendering every page, section and generated listing.

mod generated;
mod values;

use super::{tera_error_message, Templates};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::incremental::hash_value;
use crate::markdown::RenderedDoc;
use crate::model::{Doc, DocKind, Site};
use crate::resolve::backlinks::Backlinks;
use crate::resolve::Index;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::hash::{Hash, Hasher};

/// A rendered output file: path relative to the output folder, and contents.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// e.g. `notes/one/index.html`.
    pub path: String,
    /// The bytes to write.
    pub contents: bytes::Bytes,
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
pub type PageCache = std::collections::HashMap<String, (u64, bytes::Bytes)>;

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
    /// Render only these pages (the others keep their cached bytes); `None`: every page.
    pub targets: Option<&'a crate::incremental::quick::Targets>,
}

struct Cx<'a> {
    site: &'a Site,
    index: &'a Index,
    rendered: &'a [RenderedDoc],
    back: &'a Backlinks,
    templates: &'a Templates,
    globals_map: serde_json::Map<String, Value>,
    /// Each document's URL, by id.
    urls: Vec<String>,
    /// Each document's place in referrer lists, by id.
    rank: Vec<u32>,
    /// Each term's brief JSON, by term id.
    term_briefs: Vec<Value>,
    globals_nav: Vec<Value>,
    globals_hash: u64,
    extra_head: &'a str,
    extra_body: &'a str,
    render_keys: &'a [u64],
    previous: &'a PageCache,
    hash_pages: bool,
    sink: Option<PageSink<'a>>,
}

impl Cx<'_> {
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
                        contents: bytes::Bytes::new(),
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
                    contents: html.into_bytes().into(),
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

    /// Renders the page of document `d` with `template` to `path`.
    fn render_doc(&self, d: &Doc, template: &str, path: &str) -> Result<Rendered, Diagnostic> {
        if self.templates.tera.get_template(template).is_err() {
            return Err(d
                .file
                .error_at(
                    d.key_offset("template"),
                    format!("unknown template `{template}`"),
                )
                .with_help(format!(
                    "templates come from themes/{}/templates/ or the site's templates/ folder",
                    self.site.config.theme
                )));
        }
        let mut vars = Vec::new();
        if d.kind == DocKind::Section {
            vars.push(("section", self.section_value(d.id)));
            vars.push(("page", Value::Null));
        } else {
            vars.push(("page", self.page_value(d.id)));
        }
        if template == "glossary.html" {
            vars.push(("glossary", self.glossary_value()));
        }
        if template == "timeline.html" {
            vars.push(("timeline", self.timeline_value(None)));
        }
        let fallback = match (&d.meta.term, d.kind) {
            (Some(t), _) => Some(t.summary.clone()),
            (None, DocKind::Event | DocKind::Page) => {
                Some(self.rendered[d.id].first_paragraph_text.clone()).filter(|s| !s.is_empty())
            }
            _ => None,
        };
        let description = d.meta.description.clone().or(fallback);
        self.render(
            template,
            path,
            vars,
            &d.meta.title,
            description.as_deref(),
            Some(d),
        )
    }
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
        targets,
    } = input;
    let wanted = |path: &str, timeline: bool| targets.is_none_or(|t| t.wants(path, timeline));
    let config = &site.config;
    let mut globals = serde_json::Map::new();
    globals.insert("config".into(), json!({"title": config.title, "description": config.description, "base_url": config.base_url, "language": config.language, "author": config.author, "extra": config.extra}));
    globals.insert("feed_url".into(), json!(index.url_of("atom.xml")));
    globals.insert("home_url".into(), json!(index.base_path));
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
    let mut cx = Cx {
        site,
        index,
        rendered,
        back,
        templates,
        globals_map: serde_json::Map::new(),
        urls: site.docs.iter().map(|d| index.url(d)).collect(),
        rank: values::referrer_ranks(&site.docs),
        term_briefs: Vec::new(),
        globals_nav: nav.clone(),
        globals_hash: 0,
        extra_head: inject.head,
        extra_body: inject.body,
        render_keys,
        previous,
        hash_pages,
        sink,
    };
    globals.insert("nav".into(), Value::Array(nav));
    cx.term_briefs = (0..index.glossary.terms.len())
        .map(|t| cx.build_term_brief(t))
        .collect();
    // Only built when a template uses it: 500 terms copied into every page's context add up.
    let terms: Vec<Value> = if templates.all_sources.contains("glossary_terms") {
        (0..index.glossary.terms.len())
            .map(|t| cx.term_brief(t))
            .collect()
    } else {
        Vec::new()
    };
    globals.insert("glossary_terms".into(), Value::Array(terms));
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (k, v) in &globals {
        k.hash(&mut h);
        hash_value(v, &mut h, false);
    }
    (inject.head, inject.body).hash(&mut h);
    cx.globals_hash = h.finish();
    cx.globals_map = globals;
    let mut diags = Diagnostics::default();
    // The longest pages (long listings, term pages with many mentions) start first, so that no
    // core is left rendering one of them alone at the end.
    let mut jobs: Vec<(&Doc, &str, String)> = site
        .docs
        .iter()
        .filter(|d| !d.broken)
        .filter_map(|d| {
            let template = d
                .meta
                .template
                .as_deref()
                .unwrap_or_else(|| default_template(d));
            let path = format!("{}index.html", d.url_path);
            wanted(&path, template == "timeline.html").then_some((d, template, path))
        })
        .collect();
    jobs.sort_by_cached_key(|(d, template, _)| std::cmp::Reverse(cx.weight(d, template)));
    let (results, generated) = rayon::join(
        || {
            jobs.par_iter()
                .map(|(d, template, path)| cx.render_doc(d, template, path))
                .collect::<Vec<Result<Rendered, Diagnostic>>>()
        },
        || generated::pages(&cx, wanted, has_sources),
    );
    let mut files = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    for r in generated {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    (files, diags)
}
