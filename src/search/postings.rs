//! The inverted index of one language: each term's documents with a score, folded into
//! shards by [`shard_of`], plus the words that stem to another term and the exact names of
//! pages (titles, and a term's aliases, Japanese name, reading and romaji).

use super::tokens::{shard_of, TokenKind, Tokenizer, STOP_WORDS};
use std::collections::{BTreeMap, HashMap};

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

/// The terms of one page: term → counts, and the words that stem to another term.
#[derive(Debug, Default)]
pub struct PageTerms {
    /// Term → where it was found.
    pub terms: HashMap<String, Counts>,
    /// Surface word → its stem, where they differ.
    pub words: HashMap<String, String>,
}

impl PageTerms {
    /// Adds the terms of `text`, found in `field`.
    pub fn add(&mut self, tk: &Tokenizer, text: &str, field: Field) {
        for t in tk.tokens(text) {
            let term = if t.kind == TokenKind::Word {
                if STOP_WORDS.contains(&t.text.as_str()) {
                    continue;
                }
                let stem = tk.stem(&t.text);
                if stem != t.text {
                    self.words.insert(t.text, stem.clone());
                }
                stem
            } else {
                t.text
            };
            self.terms.entry(term).or_default().add(field);
        }
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

/// One shard as written: `t` term → `[doc, score, doc − previous doc, score, …]`, `w` word →
/// stem, `n` name key → docs.
#[derive(Debug, Default, serde::Serialize)]
pub struct Shard {
    t: BTreeMap<String, Vec<u32>>,
    w: BTreeMap<String, String>,
    n: BTreeMap<String, Vec<u32>>,
}

/// The whole index of a language, in shards.
#[derive(Debug)]
pub struct Postings {
    shards: Vec<Shard>,
    last_doc: HashMap<String, u32>,
}

impl Postings {
    /// An empty index of `count` shards.
    pub fn new(count: u32) -> Self {
        Postings {
            shards: (0..count.max(1)).map(|_| Shard::default()).collect(),
            last_doc: HashMap::new(),
        }
    }

    fn shard(&mut self, term: &str) -> &mut Shard {
        let n = self.shards.len() as u32;
        &mut self.shards[shard_of(term, n) as usize]
    }

    /// Adds page `doc` (pages must come in increasing order).
    pub fn add_page(&mut self, doc: u32, page: PageTerms, names: &[String]) {
        let mut terms: Vec<(String, Counts)> = page.terms.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (term, counts) in terms {
            let prev = self.last_doc.insert(term.clone(), doc);
            let list = self.shard(&term).t.entry(term).or_default();
            list.push(doc - prev.unwrap_or(0));
            list.push(counts.score());
        }
        for (word, stem) in page.words {
            self.shard(&word).w.insert(word, stem);
        }
        for key in names {
            let docs = self.shard(key).n.entry(key.clone()).or_default();
            if docs.last() != Some(&doc) {
                docs.push(doc);
            }
        }
    }

    /// The shards, in order.
    pub fn into_shards(self) -> Vec<Shard> {
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
        for doc in [2, 5, 9] {
            let mut p = PageTerms::default();
            p.add(&tk, "missile", Field::Body);
            postings.add_page(doc, p, &["missile".to_string()]);
        }
        let shard = &postings.into_shards()[0];
        assert_eq!(shard.t["missil"], [2, 1, 3, 1, 4, 1]);
        assert_eq!(shard.w["missile"], "missil");
        assert_eq!(shard.n["missile"], [2, 5, 9]);
    }
}
