//! Splitting a Markdown file into its front matter and body, and validating the front matter.
//!
//! TOML sits between `+++` lines, YAML between `---` lines. The raw serde mirror
//! [`RawFrontMatter`] accepts any key so that every unknown key can be reported at its place
//! with a suggestion; [`parse`] then turns it into the validated [`FrontMatter`].

use crate::date::{PartialDate, ACCEPTED_FORMS};
use crate::error::{Diagnostic, Diagnostics};
use crate::keys::unknown_keys;
use crate::model::{DocKind, EventMeta, FrontMatter, Source, TermMeta};
use crate::span::SourceFile;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;

/// The front-matter syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `+++` fences.
    Toml,
    /// `---` fences.
    Yaml,
}

/// Where the front matter and the body are in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// TOML or YAML.
    pub format: Format,
    /// The block's text between the fences.
    pub block: Range<usize>,
    /// Where the body starts.
    pub body: usize,
}

/// Finds the front-matter block. Whitespace before the opening fence (blank lines, as Zola
/// allows) is skipped; offsets stay those of `text`. Errors carry the byte offset they point at.
pub fn split(text: &str) -> Result<Split, (usize, String, String)> {
    let start = text.len() - text.trim_start().len();
    let first_line_end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    let fence = text[start..first_line_end].trim_end();
    let format = match fence {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        // A file of only whitespace is reported at its start, not past its end.
        _ => return Err((
            if start < text.len() { start } else { 0 },
            "missing front matter: the file must start with a `+++` (TOML) or `---` (YAML) line"
                .into(),
            "start the file with `+++`, then `title = \"…\"`, then a closing `+++` line".into(),
        )),
    };
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == fence {
            return Ok(Split {
                format,
                block: first_line_end..offset,
                body: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err((
        start,
        format!("front matter opened with `{fence}` is never closed"),
        format!("add a line with just `{fence}` after the front matter"),
    ))
}

/// Raw mirror of a `[[sources]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    title: String,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    date: Option<toml::Value>,
    #[serde(default)]
    url: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    archive_url: String,
}

/// Raw mirror of front matter as written: every field optional, any type checked later.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawFrontMatter {
    title: Option<String>,
    description: Option<String>,
    date: Option<toml::Value>,
    updated: Option<toml::Value>,
    draft: bool,
    weight: Option<i64>,
    paginate_by: Option<i64>,
    slug: Option<String>,
    template: Option<String>,
    tags: Vec<String>,
    redirect_from: Vec<String>,
    extra: Option<toml::Value>,
    sources: Vec<RawSource>,
    glossary_autolink: Option<bool>,
    search: Option<bool>,
    image: Option<String>,
    image_alt: Option<String>,
    aliases: Vec<String>,
    ja: Option<String>,
    romaji: Option<String>,
    reading: Option<String>,
    summary: Option<String>,
    related: Vec<String>,
    autolink: Option<bool>,
    end: Option<toml::Value>,
    terms: Vec<String>,
    // Zola's names, read where they mean what kaisetsu's do.
    in_search_index: Option<bool>,
    taxonomies: BTreeMap<String, Vec<String>>,
    sort_by: Option<String>,
    insert_anchor_links: Option<crate::config::AnchorLinks>,
    path: Option<String>,
    redirect_to: Option<String>,
    render: Option<bool>,
}

const COMMON_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "weight",
    "slug",
    "template",
    "tags",
    "redirect_from",
    "extra",
    "sources",
    "glossary_autolink",
    "search",
    "image",
    "image_alt",
];
const TERM_KEYS: &[&str] = &[
    "aliases", "ja", "romaji", "reading", "summary", "related", "autolink",
];
const EVENT_KEYS: &[&str] = &["end", "terms"];
const SECTION_KEYS: &[&str] = &[
    "paginate_by",
    "sort_by",
    "redirect_to",
    "render",
    "insert_anchor_links",
];
/// Zola's names with kaisetsu's meaning: `in_search_index` is `search`, `[taxonomies] tags` is
/// `tags`, and (except on a glossary term, whose `aliases` are its other names) `aliases` is
/// `redirect_from`.
const ZOLA_KEYS: &[&str] = &["in_search_index", "taxonomies"];
/// Keys of plain pages only: `path` (Zola's), the page's whole URL path, and `render` (Zola's,
/// also a section's).
const PAGE_KEYS: &[&str] = &["path", "render"];

pub(crate) fn allowed_keys(kind: DocKind) -> Vec<&'static str> {
    let mut keys = COMMON_KEYS.to_vec();
    keys.extend(ZOLA_KEYS);
    match kind {
        DocKind::Term => keys.extend(TERM_KEYS),
        DocKind::Event => keys.extend(EVENT_KEYS),
        DocKind::Section => keys.extend(SECTION_KEYS),
        DocKind::Page => keys.extend(PAGE_KEYS),
    }
    if kind != DocKind::Term {
        keys.push("aliases");
    }
    keys
}

/// Converts a TOML value to JSON for templates (dates become strings).
pub fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Value::from(*f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(a) => serde_json::Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => serde_json::Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// A date field's value as a string to parse.
fn date_text(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Datetime(d) => d
            .date
            .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
        _ => None,
    }
}

/// The front-matter block being parsed, and where it sits in its file.
struct Block<'a> {
    file: &'a SourceFile,
    split: &'a Split,
    /// The block's text.
    text: &'a str,
    /// Its offset in the file.
    base: usize,
}

impl Block<'_> {
    /// An error at `at` (an offset in the block).
    fn error(&self, at: usize, message: impl Into<String>) -> Diagnostic {
        self.file.error_at(self.base + at, message)
    }
    /// An error on the opening fence (for what is missing).
    fn missing(&self, message: impl Into<String>) -> Diagnostic {
        self.file
            .error_at(self.split.block.start.saturating_sub(4), message)
    }
    /// Where `key` is written (the block's start when it cannot be found).
    fn key_at(&self, key: &str) -> usize {
        crate::keys::locate_key(self.text, key, None).unwrap_or(0)
    }
}

/// 1. The syntax, and the keys present.
fn block_keys(b: &Block<'_>) -> Result<Vec<String>, Diagnostic> {
    match b.split.format {
        Format::Toml => match toml::from_str::<toml::Table>(b.text) {
            Ok(t) => Ok(t.keys().cloned().collect()),
            Err(e) => {
                let at = e.span().map(|s| s.start).unwrap_or(0);
                let message = format!("invalid TOML front matter: {}", e.message().trim());
                Err(b.error(at, message))
            }
        },
        Format::Yaml => match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(b.text) {
            Ok(serde_yaml_ng::Value::Mapping(m)) => Ok(m
                .keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect()),
            Ok(serde_yaml_ng::Value::Null) => Ok(Vec::new()),
            Ok(_) => Err(b.error(
                0,
                "YAML front matter must be a mapping of `key: value` lines",
            )),
            Err(e) => {
                let at = e.location().map(|l| l.index()).unwrap_or(0);
                let at = at.min(b.text.len());
                Err(b.error(at, format!("invalid YAML front matter: {e}")))
            }
        },
    }
}

/// 2. Unknown keys, each at its place.
fn check_keys(b: &Block<'_>, keys: &[String], allowed: &[&str], diags: &mut Diagnostics) {
    for u in unknown_keys(keys.iter().map(String::as_str), allowed, b.text, None) {
        let message = format!("unknown front-matter key `{}`", u.key);
        let d = b.error(u.offset.unwrap_or(0), message);
        diags.push(match u.help() {
            Some(h) => d.with_help(h),
            None => d.with_help(format!("known keys here: {}", allowed.join(", "))),
        });
    }
}

/// 3. The values, typed.
fn raw_values(b: &Block<'_>) -> Result<RawFrontMatter, Diagnostic> {
    match b.split.format {
        Format::Toml => toml::from_str(b.text).map_err(|e| {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            b.error(at, format!("invalid front matter: {}", e.message().trim()))
        }),
        Format::Yaml => serde_yaml_ng::from_str(b.text).map_err(|e| {
            let at = e.location().map(|l| l.index()).unwrap_or(0);
            b.error(at.min(b.text.len()), format!("invalid front matter: {e}"))
        }),
    }
}

/// The date under `key`, if written; an unreadable one is an error at the key.
fn date_field(
    b: &Block<'_>,
    key: &str,
    v: &Option<toml::Value>,
    diags: &mut Diagnostics,
) -> Option<PartialDate> {
    let v = v.as_ref()?;
    let text = date_text(v).unwrap_or_else(|| v.to_string());
    match PartialDate::parse(&text) {
        Ok(d) => Some(d),
        Err(e) => {
            let d = b.error(b.key_at(key), format!("invalid `{key}`: {e}"));
            diags.push(d.with_help(format!("write the date as {ACCEPTED_FORMS}")));
            None
        }
    }
}

/// A term's own front matter (its `summary` is required).
fn term_meta(b: &Block<'_>, raw: &RawFrontMatter, diags: &mut Diagnostics) -> TermMeta {
    if raw
        .summary
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .is_empty()
    {
        let help =
            "add `summary = \"…\"`: one plain sentence shown when a reader hovers over a mention";
        diags.push(
            b.missing("glossary term is missing its `summary`")
                .with_help(help),
        );
    }
    let text = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
    let aliases = raw.aliases.iter().map(|a| a.trim().to_string());
    TermMeta {
        aliases: aliases.filter(|a| !a.is_empty()).collect(),
        ja: text(&raw.ja),
        romaji: text(&raw.romaji),
        reading: text(&raw.reading),
        summary: raw.summary.clone().unwrap_or_default(),
        related: raw.related.clone(),
        autolink: raw.autolink.unwrap_or(true),
    }
}

/// The sources, each id once and each `lang` a language tag.
fn sources(b: &Block<'_>, raw: Vec<RawSource>, diags: &mut Diagnostics) -> Vec<Source> {
    let mut sources: Vec<Source> = Vec::new();
    for s in raw {
        if sources.iter().any(|o| o.id == s.id) {
            let at = b.text.find(&format!("\"{}\"", s.id)).unwrap_or(0);
            diags.push(b.error(at, format!("source id `{}` is listed twice", s.id)));
        }
        if let Some(lang) = s.lang.as_deref().filter(|l| !is_language_tag(l)) {
            let at = b.text.find(&format!("\"{lang}\"")).unwrap_or(0);
            let message = format!("`lang = \"{lang}\"` is not a language tag");
            let help = "write a BCP 47 tag such as \"ja\", \"en\" or \"zh-Hant\"";
            diags.push(b.error(at, message).with_help(help));
        }
        sources.push(Source {
            id: s.id,
            title: s.title,
            publisher: s.publisher,
            date: s.date.as_ref().and_then(date_text).unwrap_or_default(),
            url: s.url,
            lang: s.lang,
            archive_url: s.archive_url,
        });
    }
    sources
}

/// The dates of a document: `date`, `updated` and `end`, with `end` not before `date`.
fn dates(b: &Block<'_>, raw: &RawFrontMatter, diags: &mut Diagnostics) -> [Option<PartialDate>; 3] {
    let date = date_field(b, "date", &raw.date, diags);
    let updated = date_field(b, "updated", &raw.updated, diags);
    let end = date_field(b, "end", &raw.end, diags);
    if let (Some(start), Some(end)) = (date, end) {
        if end < start {
            let message = format!("`end` ({end}) is before `date` ({start})");
            diags.push(b.error(b.key_at("end"), message));
        }
    }
    [date, updated, end]
}

/// Parses the block found by [`split`] for a document of `kind`. On failure returns every
/// problem found. A `translation` (`name.ja.md`) may leave out what it takes from its
/// original (an event's `date`).
pub fn parse(
    file: &SourceFile,
    split: &Split,
    kind: DocKind,
    translation: bool,
) -> Result<(FrontMatter, Vec<Diagnostic>), Diagnostics> {
    let text = &file.text[split.block.clone()];
    let b = Block {
        file,
        split,
        text,
        base: split.block.start,
    };
    let mut diags = Diagnostics::default();
    let keys = block_keys(&b).map_err(|d| Diagnostics(vec![d]))?;
    check_keys(&b, &keys, &allowed_keys(kind), &mut diags);
    let mut raw = raw_values(&b).unwrap_or_else(|d| {
        diags.push(d);
        RawFrontMatter::default()
    });
    if diags.has_errors() {
        return Err(diags);
    }
    let [date, updated, end] = dates(&b, &raw, &mut diags);
    check_title(&b, raw.title.as_deref(), &mut diags);
    let term = (kind == DocKind::Term).then(|| term_meta(&b, &raw, &mut diags));
    if kind == DocKind::Event && raw.date.is_none() && !translation {
        let help = format!("add `date = …`, written as {ACCEPTED_FORMS}");
        diags.push(
            b.missing("timeline event is missing its `date`")
                .with_help(help),
        );
    }
    let event = (kind == DocKind::Event).then_some(date).flatten();
    let event = event.map(|date| EventMeta {
        date,
        end,
        terms: raw.terms.clone(),
    });
    let sources = sources(&b, std::mem::take(&mut raw.sources), &mut diags);
    let paginate_by = paginate_by(&b, raw.paginate_by, &mut diags);
    let (sort_by, path, redirect_to) = zola_fields(&b, kind, &mut raw, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let extra = raw.extra.as_ref().map(toml_to_json);
    let meta = FrontMatter {
        title: raw.title.unwrap_or_default().trim().to_string(),
        description: raw.description,
        date,
        updated,
        draft: raw.draft,
        weight: raw.weight,
        paginate_by,
        sort_by,
        path,
        redirect_to,
        slug: raw.slug,
        template: raw.template,
        tags: raw.tags,
        insert_anchor_links: raw.insert_anchor_links,
        taxonomies: raw.taxonomies,
        redirect_from: raw.redirect_from,
        extra: extra.unwrap_or_else(|| serde_json::Value::Object(Default::default())),
        sources,
        glossary_autolink: raw.glossary_autolink,
        search: raw.search,
        render: raw.render,
        image: raw.image,
        image_alt: raw.image_alt,
        term,
        event,
    };
    Ok((meta, diags.0))
}

/// Every document needs a `title`.
fn check_title(b: &Block<'_>, title: Option<&str>, diags: &mut Diagnostics) {
    if title.map(str::trim).unwrap_or("").is_empty() {
        let help = match b.split.format {
            Format::Toml => "add a line `title = \"…\"` to the front matter",
            Format::Yaml => "add a line `title: …` to the front matter",
        };
        diags.push(
            b.missing("missing required front-matter field `title`")
                .with_help(help),
        );
    }
}

/// A section's `paginate_by`: its listing's pages per pager, at least one.
fn paginate_by(b: &Block<'_>, value: Option<i64>, diags: &mut Diagnostics) -> Option<usize> {
    let n = value?;
    match usize::try_from(n) {
        Ok(n) if n > 0 => Some(n),
        _ => {
            let message = format!("`paginate_by` is {n}, but a pager lists at least one page");
            diags.push(
                b.error(b.key_at("paginate_by"), message)
                    .with_help("write a positive number, e.g. `paginate_by = 20`, or remove the line to list every page on one"),
            );
            None
        }
    }
}

pub use crate::keys::is_language_tag;

#[path = "front_matter/zola.rs"]
mod zola;
use zola::zola_fields;

#[cfg(test)]
#[path = "front_matter/tests.rs"]
mod tests;
