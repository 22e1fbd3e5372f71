//! The search index (issue 15): for each language, the site's searchable pages turned into a
//! sharded inverted index and one small file per page, written as static JSON under
//! `search-index/` (the default language) and `<lang>/search-index/` (the others), for the
//! theme's client script (`search.js`) to fetch as a reader types. Nothing else reads it.
//!
//! Layout of one language's index:
//! - `meta.json`: the format version, the number of shards and pages, the stop words;
//! - `s/<n>.json`: shard `n` ([`postings::Shard`]): the terms whose [`tokens::shard_key`]
//!   hashes to `n` and the words that stem to other terms;
//! - `n/<n>.json`: the exact names of pages (titles, a term's other names) whose whole name
//!   key hashes to `n` ([`tokens::name_shard_of`]), with their pages;
//! - `d/<n>.json`: page `n`: URL, title, kind, date and its text by heading (for snippets).
//!
//! A one-word query thus fetches `meta.json`, one or two shards, one names file and the pages
//! it shows.
//! Drafts and pages with `search = false` are left out; `[search] enabled = false` writes
//! nothing. The index is a pure function of the site and its rendered Markdown, so the dev
//! server's incremental compiles write the same bytes as a clean build.

pub mod postings;
pub mod text;
pub mod tokens;

use crate::error::Error;
use crate::markdown::RenderedDoc;
use crate::model::{Doc, DocKind, Site};
use crate::output::{Contents, Output, OutputFile};
use crate::resolve::Index;
use postings::{Field, Partial, RunIndex, Shard};
use rayon::prelude::*;
use tokens::Tokenizer;

/// Format version written into `meta.json` (the client refuses other versions).
pub const VERSION: u32 = 2;
/// Pages per shard: the number of shards grows with the site so that a shard stays small.
pub const PAGES_PER_SHARD: usize = 40;
use crate::config::SEARCH_DIR as DIR;

/// One searchable page as the client shows it (`d/<n>.json`).
#[derive(Debug, serde::Serialize)]
pub struct PageEntry {
    /// Root-relative URL.
    #[serde(rename = "u")]
    pub url: String,
    /// Title.
    #[serde(rename = "t")]
    pub title: String,
    /// `page`, `section`, `term` or `event`.
    #[serde(rename = "k")]
    pub kind: DocKind,
    /// The date, as the page shows it (events: the event's date; others: publication).
    #[serde(rename = "d")]
    pub date: String,
    /// `[anchor, heading, text]` for each part of the page.
    #[serde(rename = "s")]
    pub sections: Vec<(String, String, String)>,
}

/// True when `doc` belongs in the index of `lang` (written, and not left out).
pub fn searchable(doc: &Doc, lang: &str) -> bool {
    let shown = !doc.broken && !doc.meta.draft && doc.is_rendered();
    doc.lang == lang && shown && doc.meta.search != Some(false)
}

/// The other names of a document: a term's aliases, Japanese name, reading and romaji.
fn other_names(doc: &Doc) -> Vec<&str> {
    let Some(t) = &doc.meta.term else {
        return Vec::new();
    };
    let mut names: Vec<&str> = t.aliases.iter().map(String::as_str).collect();
    names.extend(
        [&t.ja, &t.reading, &t.romaji]
            .into_iter()
            .flatten()
            .map(String::as_str),
    );
    names
}

/// Adds one page to `run` as page number `doc`; returns its file (`d/<doc>.json`).
fn index_page(
    tk: &Tokenizer,
    run: &mut RunIndex,
    doc: u32,
    page: &Doc,
    rendered: &RenderedDoc,
    url: String,
) -> bytes::Bytes {
    let html = crate::markdown::shortcodes::strip_placeholders(&rendered.html);
    let sections = text::sections(&html);
    run.add(tk, &page.meta.title, Field::Title);
    let others = other_names(page);
    for name in &others {
        run.add(tk, name, Field::Name);
    }
    for s in &sections {
        run.add(tk, &s.heading, Field::Heading);
        run.add(tk, &s.text, Field::Body);
    }
    let mut keys: Vec<String> = std::iter::once(page.meta.title.as_str())
        .chain(others)
        .map(|n| postings::name_key(tk, n))
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    keys.dedup();
    run.end_page(doc, &keys);
    let entry = PageEntry {
        url,
        title: page.meta.title.clone(),
        kind: page.kind,
        date: page_date(page),
        sections: sections
            .into_iter()
            .map(|s| (s.anchor, s.heading, s.text))
            .collect(),
    };
    json_bytes(&entry)
}

/// The date a result shows: an event's date, else the publication date.
fn page_date(doc: &Doc) -> String {
    let date = match &doc.meta.event {
        Some(e) => Some(&e.date),
        None => doc.meta.date.as_ref(),
    };
    date.map(|d| d.display(&doc.lang)).unwrap_or_default()
}

/// The JSON bytes of `value`.
fn json_bytes<T: serde::Serialize>(value: &T) -> bytes::Bytes {
    serde_json::to_vec(value)
        .expect("search index values serialize")
        .into()
}

fn file(path: String, bytes: bytes::Bytes) -> OutputFile {
    OutputFile {
        path,
        contents: Contents::Bytes(bytes),
    }
}

/// Pages a run indexes on one thread: enough that each distinct word is stemmed and numbered
/// once for many pages, few enough that the runs spread over the threads (the index is built
/// beside the pages, which keep the threads busy until their end).
const RUN: usize = 256;

/// One run of consecutive pages (`first` is the number of the first): their files go to
/// `out` as they are made (`dir/d/<n>.json`); returns their parts of each shard.
fn index_run(
    lang: Lang<'_>,
    rendered: &[RenderedDoc],
    first: usize,
    docs: &[&Doc],
    shards: u32,
) -> Result<Vec<Partial>, Error> {
    let (tk, index, out) = (lang.tk, lang.index, lang.out);
    let mut run = RunIndex::default();
    for (n, d) in docs.iter().enumerate() {
        let doc = first + n;
        let bytes = index_page(tk, &mut run, doc as u32, d, &rendered[d.id], index.url(d));
        out.put(file(format!("{}/d/{doc}.json", lang.dir), bytes))?;
    }
    Ok(run.into_shards(shards))
}

/// What the index of one language is built with.
#[derive(Clone, Copy)]
struct Lang<'a> {
    tk: &'a Tokenizer,
    /// That language's view.
    index: &'a Index,
    /// Its index's folder, `search-index` or `ja/search-index`.
    dir: &'a str,
    out: &'a dyn Output,
}

/// Writes the index of one language (`index` is that language's view) to `out`: each page's
/// file as soon as it is made (a 10,000-page site does not hold them all), then the shards.
fn build_lang(
    tk: &Tokenizer,
    site: &Site,
    index: &Index,
    rendered: &[RenderedDoc],
    out: &dyn Output,
) -> Result<(), Error> {
    let mut docs: Vec<&Doc> = site
        .docs
        .iter()
        .filter(|d| searchable(d, &index.lang))
        .collect();
    docs.sort_by(|a, b| a.url_path.cmp(&b.url_path));
    let shards = docs.len().div_ceil(PAGES_PER_SHARD).max(1) as u32;
    let dir = format!("{}{DIR}", index.prefix);
    let lang = Lang {
        tk,
        index,
        dir: &dir,
        out,
    };
    let runs: Vec<Vec<Partial>> = docs
        .par_chunks(RUN)
        .enumerate()
        .map(|(n, run)| index_run(lang, rendered, n * RUN, run, shards))
        .collect::<Result<_, _>>()?;
    let mut by_shard: Vec<Vec<Partial>> = (0..shards).map(|_| Vec::new()).collect();
    for parts in runs {
        for (shard, part) in by_shard.iter_mut().zip(parts) {
            shard.push(part);
        }
    }
    by_shard
        .into_par_iter()
        .enumerate()
        .try_for_each(|(n, parts)| {
            let shard = Shard::merge(parts);
            out.put(file(format!("{dir}/n/{n}.json"), json_bytes(shard.names())))?;
            out.put(file(format!("{dir}/s/{n}.json"), json_bytes(&shard)))
        })?;
    let meta = serde_json::json!({
        "v": VERSION,
        "lang": index.lang,
        "shards": shards,
        "docs": docs.len(),
        "stop": tokens::STOP_WORDS,
    });
    out.put(file(format!("{dir}/meta.json"), json_bytes(&meta)))
}

/// Writes every file of the site's search indexes to `out` (none when `[search] enabled =
/// false`).
pub fn build(
    site: &Site,
    index: &Index,
    rendered: &[RenderedDoc],
    out: &dyn Output,
) -> Result<(), Error> {
    if !site.config.search.enabled {
        return Ok(());
    }
    let tk = Tokenizer::default();
    build_lang(&tk, site, index, rendered, out)?;
    for view in &index.views {
        build_lang(&tk, site, view, rendered, out)?;
    }
    Ok(())
}

/// Every file of the site's search indexes, in memory.
pub fn files(
    site: &Site,
    index: &Index,
    rendered: &[RenderedDoc],
) -> Result<Vec<OutputFile>, Error> {
    let out = crate::output::MemoryOutput::default();
    build(site, index, rendered, &out)?;
    Ok(out.into_files())
}
