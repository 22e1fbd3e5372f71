//! The search index (issue 15): for each language, the site's searchable pages turned into a
//! sharded inverted index and one small file per page, written as static JSON under
//! `search-index/` (the default language) and `<lang>/search-index/` (the others), for the
//! theme's client script (`search.js`) to fetch as a reader types. Nothing else reads it.
//!
//! Layout of one language's index:
//! - `meta.json`: the format version, the number of shards and pages, the stop words;
//! - `s/<n>.json`: shard `n` ([`postings::Shard`]): the terms whose [`tokens::shard_key`]
//!   hashes to `n`, the words that stem to other terms and the exact names of pages;
//! - `d/<n>.json`: page `n`: URL, title, kind, date and its text by heading (for snippets).
//!
//! A one-word query thus fetches `meta.json`, one or two shards and the pages it shows.
//! Drafts and pages with `search = false` are left out; `[search] enabled = false` writes
//! nothing. The index is a pure function of the site and its rendered Markdown, so the dev
//! server's incremental compiles write the same bytes as a clean build.

pub mod postings;
pub mod text;
pub mod tokens;

use crate::markdown::RenderedDoc;
use crate::model::{Doc, DocKind, Site};
use crate::output::{Contents, OutputFile};
use crate::resolve::Index;
use postings::{Field, PageTerms, Partial, Postings, Shard, StemCache};
use rayon::prelude::*;
use tokens::Tokenizer;

/// Format version written into `meta.json` (the client refuses other versions).
pub const VERSION: u32 = 1;
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

/// True when `doc` belongs in the index of `lang`.
pub fn searchable(doc: &Doc, lang: &str) -> bool {
    doc.lang == lang && !doc.broken && !doc.meta.draft && doc.meta.search != Some(false)
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

/// What one page gives the index: its terms, the keys of its names and its file's bytes.
type IndexedPage = (PageTerms, Vec<String>, bytes::Bytes);

/// The terms, name keys and page file of one page.
fn index_page(
    tk: &Tokenizer,
    stems: &mut StemCache,
    doc: &Doc,
    rendered: &RenderedDoc,
    url: String,
) -> IndexedPage {
    let html = crate::markdown::shortcodes::strip_placeholders(&rendered.html);
    let sections = text::sections(&html);
    let mut terms = PageTerms::with_capacity(rendered.word_count);
    terms.add(tk, &doc.meta.title, Field::Title);
    let others = other_names(doc);
    for name in &others {
        terms.add(tk, name, Field::Name);
    }
    for s in &sections {
        terms.add(tk, &s.heading, Field::Heading);
        terms.add(tk, &s.text, Field::Body);
    }
    terms.finish(tk, stems);
    let mut keys: Vec<String> = std::iter::once(doc.meta.title.as_str())
        .chain(others)
        .map(|n| postings::name_key(tk, n))
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    keys.dedup();
    let entry = PageEntry {
        url,
        title: doc.meta.title.clone(),
        kind: doc.kind,
        date: page_date(doc),
        sections: sections
            .into_iter()
            .map(|s| (s.anchor, s.heading, s.text))
            .collect(),
    };
    (terms, keys, json_bytes(&entry))
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

/// The postings of `pages`, built in parallel over runs of consecutive pages, then put in
/// their shards in page order.
fn postings(mut pages: Vec<(PageTerms, Vec<String>)>, shards: u32) -> Postings {
    let run = pages
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 4)
        .max(1);
    let mut chunks = Vec::new();
    while !pages.is_empty() {
        let rest = pages.split_off(run.min(pages.len()));
        chunks.push((chunks.len() * run, std::mem::replace(&mut pages, rest)));
    }
    let parts: Vec<Partial> = chunks
        .into_par_iter()
        .map(|(first, chunk)| {
            let mut part = Partial::default();
            for (n, (terms, keys)) in chunk.into_iter().enumerate() {
                part.add_page((first + n) as u32, terms, &keys);
            }
            part
        })
        .collect();
    let mut postings = Postings::new(shards);
    for part in parts {
        postings.merge(part);
    }
    postings
}

/// The files of the index of one language (`index` is that language's view).
fn build_lang(
    tk: &Tokenizer,
    site: &Site,
    index: &Index,
    rendered: &[RenderedDoc],
) -> Vec<OutputFile> {
    let mut docs: Vec<&Doc> = site
        .docs
        .iter()
        .filter(|d| searchable(d, &index.lang))
        .collect();
    docs.sort_by(|a, b| a.url_path.cmp(&b.url_path));
    let pages: Vec<IndexedPage> = docs
        .par_iter()
        .map_init(StemCache::default, |stems, d| {
            index_page(tk, stems, d, &rendered[d.id], index.url(d))
        })
        .collect();
    let shards = docs.len().div_ceil(PAGES_PER_SHARD).max(1) as u32;
    let dir = format!("{}{DIR}", index.prefix);
    let mut files = Vec::with_capacity(pages.len() + shards as usize + 1);
    let mut terms = Vec::with_capacity(pages.len());
    for (n, (t, keys, bytes)) in pages.into_iter().enumerate() {
        files.push(file(format!("{dir}/d/{n}.json"), bytes));
        terms.push((t, keys));
    }
    let written: Vec<OutputFile> = postings(terms, shards)
        .into_shards()
        .into_par_iter()
        .enumerate()
        .map(|(n, part)| file(format!("{dir}/s/{n}.json"), json_bytes(&Shard::from(part))))
        .collect();
    files.extend(written);
    let meta = serde_json::json!({
        "v": VERSION,
        "lang": index.lang,
        "shards": shards,
        "docs": docs.len(),
        "stop": tokens::STOP_WORDS,
    });
    files.push(file(format!("{dir}/meta.json"), json_bytes(&meta)));
    files
}

/// Every file of the site's search indexes (none when `[search] enabled = false`).
pub fn build(site: &Site, index: &Index, rendered: &[RenderedDoc]) -> Vec<OutputFile> {
    if !site.config.search.enabled {
        return Vec::new();
    }
    let tk = Tokenizer::default();
    let mut files = build_lang(&tk, site, index, rendered);
    for view in &index.views {
        files.extend(build_lang(&tk, site, view, rendered));
    }
    files
}
