//! The inverted index of one language: each term's documents with a score, folded into
//! shards by [`shard_of`], plus the words that stem to another term and the exact names of
//! pages (titles, and a term's aliases, Japanese name, reading and romaji).

use super::tokens::{is_stop_word, name_shard_of, shard_of, TokenKind, Tokenizer};
use std::collections::BTreeMap;

/// Maps keyed by terms: hashed with FxHash, several times faster than the default SipHash
/// on short keys (the keys are the site's own words, not untrusted input to a server).
pub type TermMap<V> = std::collections::HashMap<String, V, fxhash::FxBuildHasher>;

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

    /// The boosted score.
    pub fn score(&self) -> u32 {
        30 * self.title.min(1) + 20 * self.name.min(1) + 4 * self.heading.min(3) + self.body.min(10)
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

/// The index of a run of consecutive pages, built page by page on one thread: every term gets
/// a number the first time the run meets it, so a page's words are counted in a vector by
/// number instead of a map of strings per page, and each distinct word is stemmed once per
/// run. Term lists are `[doc, score, …]` with absolute page numbers in increasing order.
#[derive(Debug, Default)]
pub struct RunIndex {
    /// Term number → its text.
    terms: Vec<String>,
    /// Term text → its number.
    numbers: TermMap<u32>,
    /// Surface word (folded, not stemmed) → the number of its stem.
    surfaces: TermMap<u32>,
    /// Words that stem to another term: (word, number of its stem), each once.
    words: Vec<(String, u32)>,
    /// Term number → `[doc, score, …]`.
    lists: Vec<Vec<u32>>,
    /// Name key → docs.
    names: TermMap<Vec<u32>>,
    /// The current page's terms with their counts.
    page: Vec<(u32, Counts)>,
    /// Term number → 1 + its place in `page`, or 0 when the current page has not met it.
    slot: Vec<u32>,
}

impl RunIndex {
    /// The number of term `text`, given one if it has none yet.
    fn number(&mut self, text: &str) -> u32 {
        if let Some(&n) = self.numbers.get(text) {
            return n;
        }
        let n = self.terms.len() as u32;
        self.terms.push(text.to_string());
        self.numbers.insert(text.to_string(), n);
        self.lists.push(Vec::new());
        self.slot.push(0);
        n
    }

    /// The number of the stem of surface word `word`.
    fn stem_number(&mut self, tk: &Tokenizer, word: &str) -> u32 {
        if let Some(&n) = self.surfaces.get(word) {
            return n;
        }
        let stem = tk.stem(word);
        let n = self.number(&stem);
        if stem != word {
            self.words.push((word.to_string(), n));
        }
        self.surfaces.insert(word.to_string(), n);
        n
    }

    fn count(&mut self, term: u32, field: Field) {
        let slot = &mut self.slot[term as usize];
        if *slot == 0 {
            self.page.push((term, Counts::default()));
            *slot = self.page.len() as u32;
        }
        self.page[*slot as usize - 1].1.add(field);
    }

    /// Adds the terms of `text`, found in `field`, to the current page.
    pub fn add(&mut self, tk: &Tokenizer, text: &str, field: Field) {
        tk.for_each_token(text, |kind, t| match kind {
            TokenKind::Word if is_stop_word(t) => {}
            TokenKind::Word => {
                let n = self.stem_number(tk, t);
                self.count(n, field);
            }
            _ => {
                let n = self.number(t);
                self.count(n, field);
            }
        });
    }

    /// Ends the current page: its terms go to their lists under page number `doc` (pages
    /// must come in increasing order), and its name keys `names` to theirs.
    pub fn end_page(&mut self, doc: u32, names: &[String]) {
        for (term, counts) in self.page.drain(..) {
            self.lists[term as usize].extend([doc, counts.score()]);
            self.slot[term as usize] = 0;
        }
        for key in names {
            let docs = self.names.entry(key.clone()).or_default();
            if docs.last() != Some(&doc) {
                docs.push(doc);
            }
        }
    }

    /// The run's index cut into `shards` shards by [`shard_of`] (names by [`name_shard_of`]).
    pub fn into_shards(self, shards: u32) -> Vec<Partial> {
        let mut out: Vec<Partial> = (0..shards.max(1)).map(|_| Partial::default()).collect();
        let n = out.len() as u32;
        let stems: Vec<&str> = self.terms.iter().map(String::as_str).collect();
        for (word, stem) in self.words {
            let stem = stems[stem as usize].to_string();
            out[shard_of(&word, n) as usize].words.push((word, stem));
        }
        for (term, list) in self.terms.into_iter().zip(self.lists) {
            if !list.is_empty() {
                out[shard_of(&term, n) as usize].terms.push((term, list));
            }
        }
        for (key, docs) in self.names {
            out[name_shard_of(&key, n) as usize].names.push((key, docs));
        }
        out
    }
}

/// One run's part of one shard: term → `[doc, score, …]`, word → stem, name key → docs.
#[derive(Debug, Default)]
pub struct Partial {
    terms: Vec<(String, Vec<u32>)>,
    words: Vec<(String, String)>,
    names: Vec<(String, Vec<u32>)>,
}

/// One shard as written: `t` term → `[doc, score, doc − previous doc, score, …]`, `w` word →
/// stem; and apart from it (`n/<k>.json`, [`Shard::names`]), name key → docs.
#[derive(Debug, Default, serde::Serialize)]
pub struct Shard {
    t: BTreeMap<String, Vec<u32>>,
    w: BTreeMap<String, String>,
    #[serde(skip)]
    n: BTreeMap<String, Vec<u32>>,
}

impl Shard {
    /// The shard made of the runs' parts of it, `parts` in page order.
    pub fn merge(parts: impl IntoIterator<Item = Partial>) -> Shard {
        let mut shard = Shard::default();
        for part in parts {
            for (term, list) in part.terms {
                shard.t.entry(term).or_default().extend(list);
            }
            shard.w.extend(part.words);
            for (key, docs) in part.names {
                shard.n.entry(key).or_default().extend(docs);
            }
        }
        for list in shard.t.values_mut() {
            for i in (2..list.len()).step_by(2).rev() {
                list[i] -= list[i - 2];
            }
        }
        shard
    }

    /// The name keys of the names file with this shard's number, and their docs.
    pub fn names(&self) -> &BTreeMap<String, Vec<u32>> {
        &self.n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shard of a run of one page per text (pages 0, 1, …), in one shard.
    fn shard_of_pages(texts: &[(&str, Field)]) -> Shard {
        let tk = Tokenizer::default();
        let mut run = RunIndex::default();
        for (doc, (text, field)) in texts.iter().enumerate() {
            run.add(&tk, text, *field);
            run.end_page(doc as u32, &[]);
        }
        Shard::merge(run.into_shards(1))
    }

    #[test]
    fn a_title_outweighs_a_name_a_heading_and_any_amount_of_text() {
        let tk = Tokenizer::default();
        let mut run = RunIndex::default();
        run.add(&tk, "Patriot", Field::Title);
        run.end_page(0, &[]);
        run.add(&tk, "Patriot", Field::Name);
        run.end_page(1, &[]);
        run.add(&tk, &"patriot ".repeat(50), Field::Body);
        run.add(&tk, "Patriot", Field::Heading);
        run.end_page(2, &[]);
        let shard = Shard::merge(run.into_shards(1));
        // Pages 0, 1 and 2 (delta-coded) with their scores.
        assert_eq!(shard.t["patriot"], [0, 30, 1, 20, 1, 4 + 10]);
    }

    #[test]
    fn stop_words_are_left_out_and_words_map_to_their_stems() {
        let shard = shard_of_pages(&[("The exports of the Patriots", Field::Body)]);
        let terms: Vec<&str> = shard.t.keys().map(String::as_str).collect();
        assert_eq!(terms, ["export", "patriot"]);
        assert_eq!(shard.w["exports"], "export");
        assert_eq!(shard.w["patriots"], "patriot");
    }

    #[test]
    fn words_of_one_stem_on_a_page_count_together() {
        // "export", "exports" and "exported" are one term: 3 occurrences, one entry.
        let shard = shard_of_pages(&[("export exports exported", Field::Body)]);
        assert_eq!(shard.t["export"], [0, 3]);
        assert_eq!(shard.w.len(), 2);
    }

    #[test]
    fn names_are_keyed_by_their_folded_runs() {
        let tk = Tokenizer::default();
        assert_eq!(name_key(&tk, "PAC-3"), "pac 3");
        assert_eq!(name_key(&tk, "Senshu Bōei"), "senshu boei");
        assert_eq!(name_key(&tk, "集団的自衛権"), "集団的自衛権");
    }

    #[test]
    fn postings_are_delta_coded_by_page_across_runs() {
        let tk = Tokenizer::default();
        let parts = [[2, 5], [9, 11]].map(|docs| {
            let mut run = RunIndex::default();
            for doc in docs {
                run.add(&tk, "missile", Field::Body);
                run.end_page(doc, &["missile".to_string()]);
            }
            run.into_shards(1).remove(0)
        });
        let shard = Shard::merge(parts);
        assert_eq!(shard.t["missil"], [2, 1, 3, 1, 4, 1, 2, 1]);
        assert_eq!(shard.w["missile"], "missil");
        assert_eq!(shard.n["missile"], [2, 5, 9, 11]);
    }

    #[test]
    fn each_term_goes_to_the_shard_its_key_names() {
        let tk = Tokenizer::default();
        let mut run = RunIndex::default();
        run.add(&tk, "export missile 自衛権", Field::Body);
        run.end_page(0, &[]);
        let shards: Vec<Shard> = run
            .into_shards(7)
            .into_iter()
            .map(|p| Shard::merge([p]))
            .collect();
        for (n, shard) in shards.iter().enumerate() {
            for term in shard.t.keys().chain(shard.w.keys()) {
                assert_eq!(shard_of(term, 7) as usize, n, "{term}");
            }
        }
        let mut run = RunIndex::default();
        let keys: Vec<String> = (0..40).map(|i| format!("chapter {i}")).collect();
        run.end_page(0, &keys);
        let names: Vec<Shard> = run
            .into_shards(7)
            .into_iter()
            .map(|p| Shard::merge([p]))
            .collect();
        for (n, shard) in names.iter().enumerate() {
            for key in shard.names().keys() {
                assert_eq!(name_shard_of(key, 7) as usize, n, "{key}");
            }
        }
        let used = names.iter().filter(|s| !s.names().is_empty()).count();
        assert!(
            used >= 5,
            "names with one prefix spread over the files: {used} of 7"
        );
        let all: usize = shards.iter().map(|s| s.t.len()).sum();
        assert!(all >= 4, "export, missil, the CJK words and pairs: {all}");
    }
}
