//! The inverted index of one language: each term's documents with a score, folded into
//! shards by [`shard_of`], plus the words that stem to another term and the exact names of
//! pages (titles, and a term's aliases, Japanese name, reading and romaji).

use super::tokens::{shard_of, TokenKind, Tokenizer, STOP_WORDS};
use std::collections::BTreeMap;

/// Maps keyed by terms: hashed with FxHash, several times faster than the default SipHash
/// on short keys (the keys are the site's own words, not untrusted input to a server).
pub type TermMap<V> = std::collections::HashMap<String, V, fxhash::FxBuildHasher>;

/// Stems already computed, kept across the pages one thread indexes.
pub type StemCache = TermMap<String>;

/// Where a term was found on a page; each field has its own weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The page title.
    Title,
    /// Other names of a glossary term: aliases, Japanese name, reading, romaji.
    Name,
    /// A heading.
    Heading,
    /// Body text.
    Body,
}

/// Score of a term on one page: 30 for the title, 20 for another name, 4 a heading (up to
/// three), 1 an occurrence in the text (up to ten).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    title: u32,
    name: u32,
    heading: u32,
    body: u32,
}

impl Counts {
    fn add(&mut self, field: Field) {
        match field {
            Field::Title => self.title += 1,
            Field::Name => self.name += 1,
            Field::Heading => self.heading += 1,
            Field::Body => self.body += 1,
        }
    }

    fn merge(&mut self, o: Counts) {
        self.title += o.title;
        self.name += o.name;
        self.heading += o.heading;
        self.body += o.body;
    }

    /// The boosted score.
    pub fn score(&self) -> u32 {
        30 * self.title.min(1) + 20 * self.name.min(1) + 4 * self.heading.min(3) + self.body.min(10)
    }
}

/// The terms of one page: term → counts, and the words that stem to another term.
#[derive(Debug, Default)]
pub struct PageTerms {
    /// Term → where it was found (after [`PageTerms::finish`]).
    pub terms: TermMap<Counts>,
    /// Surface word → its stem, where they differ (after [`PageTerms::finish`]).
    pub words: TermMap<String>,
    /// Words not yet stemmed: each distinct word of a page is stemmed once.
    surfaces: TermMap<Counts>,
}

fn count(map: &mut TermMap<Counts>, key: &str, field: Field) {
    match map.get_mut(key) {
        Some(c) => c.add(field),
        None => {
            let mut c = Counts::default();
            c.add(field);
            map.insert(key.to_string(), c);
        }
    }
}

impl PageTerms {
    /// Room for the terms of a page of about `words` words.
    pub fn with_capacity(words: usize) -> Self {
        let n = (words / 2).clamp(16, 4096);
        PageTerms {
            terms: TermMap::with_capacity_and_hasher(n, Default::default()),
            words: TermMap::with_capacity_and_hasher(n / 4, Default::default()),
            surfaces: TermMap::with_capacity_and_hasher(n, Default::default()),
        }
    }

    /// Adds the terms of `text`, found in `field`.
    pub fn add(&mut self, tk: &Tokenizer, text: &str, field: Field) {
        tk.for_each_token(text, |kind, t| match kind {
            TokenKind::Word if STOP_WORDS.contains(&t) => {}
            TokenKind::Word => count(&mut self.surfaces, t, field),
            _ => count(&mut self.terms, t, field),
        });
    }

    /// Stems the words added and counts them under their stems.
    pub fn finish(&mut self, tk: &Tokenizer, cache: &mut StemCache) {
        for (surface, counts) in self.surfaces.drain() {
            let stem = match cache.get(&surface) {
                Some(s) => s.clone(),
                None => {
                    let s = tk.stem(&surface);
                    cache.insert(surface.clone(), s.clone());
                    s
                }
            };
            self.terms.entry(stem.clone()).or_default().merge(counts);
            if stem != surface {
                self.words.insert(surface, stem);
            }
        }
        // Every page's terms wait for the merge: give back the room sized for its words
        // (it took a 10,000-page build from 0.66 to 1.67 GB).
        self.surfaces = TermMap::default();
        self.terms.shrink_to_fit();
        self.words.shrink_to_fit();
    }
}

/// The key a name is looked up by: its runs of word characters, folded, joined by spaces
/// (`PAC-3` → `pac 3`). Client: `nameKey()`.
pub fn name_key(tk: &Tokenizer, name: &str) -> String {
    let folded = tk.fold(name);
    let parts: Vec<&str> = super::tokens::runs(&folded)
        .into_iter()
        .map(|r| match r {
            super::tokens::Run::Word(s) | super::tokens::Run::Cjk(s) => s,
        })
        .collect();
    parts.join(" ")
}

/// The index of a run of consecutive pages (or of one shard): term → `[doc, score, …]` with
/// absolute page numbers in increasing order, word → stem, name key → pages.
#[derive(Debug, Default)]
pub struct Partial {
    terms: TermMap<Vec<u32>>,
    words: TermMap<String>,
    names: TermMap<Vec<u32>>,
}

impl Partial {
    /// Adds page `doc` (pages must come in increasing order).
    pub fn add_page(&mut self, doc: u32, page: PageTerms, names: &[String]) {
        for (term, counts) in page.terms {
            self.terms
                .entry(term)
                .or_default()
                .extend([doc, counts.score()]);
        }
        self.words.extend(page.words);
        for key in names {
            let docs = self.names.entry(key.clone()).or_default();
            if docs.last() != Some(&doc) {
                docs.push(doc);
            }
        }
    }
}

/// One shard as written: `t` term → `[doc, score, doc − previous doc, score, …]`, `w` word →
/// stem, `n` name key → docs.
#[derive(Debug, Default, serde::Serialize)]
pub struct Shard {
    t: BTreeMap<String, Vec<u32>>,
    w: BTreeMap<String, String>,
    n: BTreeMap<String, Vec<u32>>,
}

impl From<Partial> for Shard {
    fn from(p: Partial) -> Shard {
        let delta = |(term, mut list): (String, Vec<u32>)| {
            for i in (2..list.len()).step_by(2).rev() {
                list[i] -= list[i - 2];
            }
            (term, list)
        };
        Shard {
            t: p.terms.into_iter().map(delta).collect(),
            w: p.words.into_iter().collect(),
            n: p.names.into_iter().collect(),
        }
    }
}

/// The whole index of a language, in shards.
#[derive(Debug)]
pub struct Postings {
    shards: Vec<Partial>,
}

impl Postings {
    /// An empty index of `count` shards.
    pub fn new(count: u32) -> Self {
        Postings {
            shards: (0..count.max(1)).map(|_| Partial::default()).collect(),
        }
    }

    fn shard(&mut self, term: &str) -> &mut Partial {
        let n = self.shards.len() as u32;
        &mut self.shards[shard_of(term, n) as usize]
    }

    /// Adds the index of a run of pages (runs must come in page order).
    pub fn merge(&mut self, part: Partial) {
        for (term, list) in part.terms {
            self.shard(&term)
                .terms
                .entry(term)
                .or_default()
                .extend(list);
        }
        for (word, stem) in part.words {
            self.shard(&word).words.insert(word, stem);
        }
        for (key, docs) in part.names {
            self.shard(&key).names.entry(key).or_default().extend(docs);
        }
    }

    /// The shards, in order.
    pub fn into_shards(self) -> Vec<Partial> {
        self.shards
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_outweighs_a_name_a_heading_and_any_amount_of_text() {
        let tk = Tokenizer::default();
        let mut title = PageTerms::default();
        title.add(&tk, "Patriot", Field::Title);
        let mut name = PageTerms::default();
        name.add(&tk, "Patriot", Field::Name);
        let mut text = PageTerms::default();
        text.add(&tk, &"patriot ".repeat(50), Field::Body);
        text.add(&tk, "Patriot", Field::Heading);
        for p in [&mut title, &mut name, &mut text] {
            p.finish(&tk, &mut StemCache::default());
        }
        let score = |p: &PageTerms| p.terms["patriot"].score();
        assert_eq!(score(&title), 30);
        assert_eq!(score(&name), 20);
        assert_eq!(score(&text), 4 + 10);
    }

    #[test]
    fn stop_words_are_left_out_and_words_map_to_their_stems() {
        let tk = Tokenizer::default();
        let mut p = PageTerms::default();
        p.add(&tk, "The exports of the Patriots", Field::Body);
        p.finish(&tk, &mut StemCache::default());
        let mut terms: Vec<&str> = p.terms.keys().map(String::as_str).collect();
        terms.sort();
        assert_eq!(terms, ["export", "patriot"]);
        assert_eq!(p.words["exports"], "export");
        assert_eq!(p.words["patriots"], "patriot");
    }

    #[test]
    fn names_are_keyed_by_their_folded_runs() {
        let tk = Tokenizer::default();
        assert_eq!(name_key(&tk, "PAC-3"), "pac 3");
        assert_eq!(name_key(&tk, "Senshu Bōei"), "senshu boei");
        assert_eq!(name_key(&tk, "集団的自衛権"), "集団的自衛権");
    }

    #[test]
    fn postings_are_delta_coded_by_page_in_the_terms_shard() {
        let tk = Tokenizer::default();
        let mut postings = Postings::new(1);
        for docs in [[2, 5], [9, 11]] {
            let mut part = Partial::default();
            for doc in docs {
                let mut p = PageTerms::default();
                p.add(&tk, "missile", Field::Body);
                p.finish(&tk, &mut StemCache::default());
                part.add_page(doc, p, &["missile".to_string()]);
            }
            postings.merge(part);
        }
        let shard = Shard::from(postings.into_shards().remove(0));
        assert_eq!(shard.t["missil"], [2, 1, 3, 1, 4, 1, 2, 1]);
        assert_eq!(shard.w["missile"], "missil");
        assert_eq!(shard.n["missile"], [2, 5, 9, 11]);
    }
}
