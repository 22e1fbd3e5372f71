//! The glossary: terms, their names, and the matcher that finds mentions in text.
//!
//! Matching costs the same whatever the number of terms. It is a start filter plus a radix
//! trie, not an Aho-Corasick automaton: the first pass ([`starts`]) finds, 64 bytes at a time,
//! the positions where a name can begin (word starts for Latin names, character starts for
//! Japanese ones) whose first letters begin some name; from each, one walk down a radix trie of
//! all names ([`trie`]) finds the longest name there that follows the rules (whole words for
//! Latin script, exact case for all-caps abbreviations). Matches never overlap: the scan goes on
//! after each one. Only when a name starts with punctuation, which the filter cannot see, does
//! an Aho-Corasick automaton step through every byte instead.
use crate::byte_classes::Block;
use crate::error::{did_you_mean, Diagnostics};
use crate::model::{Doc, DocId, DocKind};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use starts::StartFilter;
use std::collections::HashMap;
use trie::NameTrie;

mod starts;
mod trie;

/// One glossary term.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term's document.
    pub doc: DocId,
    /// URL slug.
    pub slug: String,
    /// Display title.
    pub title: String,
    /// One-sentence summary.
    pub summary: String,
    /// Whether mentions are linked automatically.
    pub autolink: bool,
}

/// Index of a term in [`Glossary::terms`].
pub type TermId = usize;

/// A term's link markup, escaped once per build: the tooltip number goes after `open` (then
/// `">`, the link's text and [`TIP_CLOSE`]) and before `close_end`.
#[derive(Debug, Clone, Default)]
pub struct TermMarkup {
    /// `<span class="term"><a class="term-ref" href="…" aria-describedby="tip-`
    pub open: String,
    /// `">summary</span></span>`
    pub close_end: String,
}

/// What every term link starts with.
pub const TERM_OPEN: &str = "<span class=\"term\">";

/// What follows a term link's text, up to the tooltip number.
pub const TIP_CLOSE: &str = "</a><span class=\"term-tip\" role=\"tooltip\" id=\"tip-";

#[derive(Debug, Clone)]
struct Pattern {
    term: TermId,
    /// Must match with exact case (all-caps abbreviations, and non-ASCII names).
    exact_case: bool,
    /// First and last chars are word chars of a spaced script: need word boundaries there.
    bound_start: bool,
    bound_end: bool,
}

/// A mention found in text: byte range and term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The term.
    pub term: TermId,
}

/// All terms and the mention matcher.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// Terms in title order.
    pub terms: Vec<Term>,
    /// Term of each glossary document.
    pub by_doc: HashMap<DocId, TermId>,
    /// Each term's link markup (see [`Glossary::prepare_markup`]).
    pub markup: Vec<TermMarkup>,
    lookup: HashMap<String, TermId>,
    /// The names as a trie (ASCII case folded), walked from each position where a name may
    /// start.
    trie: Option<NameTrie>,
    /// Where names can start (`None` if some name starts with punctuation).
    starts: Option<StartFilter>,
    /// Leftmost-longest automaton over the whole text, for sites without a start filter.
    fast: std::sync::OnceLock<AhoCorasick>,
    patterns: Vec<Pattern>,
    pattern_texts: Vec<String>,
}

/// True for CJK ideographs, kana and full-width forms: scripts without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// A term's own names: its title, aliases and Japanese name.
fn own_names(d: &Doc) -> Vec<(String, &'static str)> {
    let mut mine = vec![(d.meta.title.clone(), "title")];
    if let Some(meta) = &d.meta.term {
        mine.extend(meta.aliases.iter().map(|a| (a.clone(), "aliases")));
        mine.extend(meta.ja.iter().map(|j| (j.clone(), "ja")));
    }
    mine
}

/// All-caps abbreviations ("SDF", "PAC-3") match only in that case.
fn is_abbreviation(name: &str) -> bool {
    name.chars().filter(|c| c.is_uppercase()).count() >= 2 && !name.chars().any(char::is_lowercase)
}

impl Glossary {
    /// Builds the default language's glossary from the site's term documents (translations
    /// left out). Reports names shared by two terms.
    pub fn build(docs: &[Doc], diags: &mut Diagnostics) -> Glossary {
        let entries = docs
            .iter()
            .filter(|d| d.kind == DocKind::Term && !d.broken && d.content_path == d.neutral_path)
            .map(|d| (d, own_names(d)))
            .collect();
        Self::from_entries(docs, entries, diags)
    }

    /// The glossary of pages in `lang` (not the default language): the terms translated into
    /// it, named by their title, aliases and the original's `ja`, and the untranslated ones,
    /// named by their `ja` alone when `lang` is Japanese (they link to the original).
    pub fn build_for(docs: &[Doc], lang: &str, diags: &mut Diagnostics) -> Glossary {
        let terms = docs.iter().filter(|d| d.kind == DocKind::Term && !d.broken);
        let translated: std::collections::HashSet<usize> = terms
            .clone()
            .filter(|d| d.lang == lang)
            .filter_map(|d| d.original)
            .collect();
        let entries = terms
            .filter_map(|d| {
                if d.lang == lang {
                    return Some((d, own_names(d)));
                }
                let original = d.content_path == d.neutral_path;
                if !original || translated.contains(&d.id) {
                    return None;
                }
                let ja = d.meta.term.as_ref().and_then(|t| t.ja.clone());
                let names = ja.filter(|_| lang == "ja" || lang.starts_with("ja-"));
                Some((d, names.into_iter().map(|n| (n, "ja")).collect()))
            })
            .collect();
        Self::from_entries(docs, entries, diags)
    }

    fn from_entries(
        docs: &[Doc],
        mut entries: Vec<(&Doc, Vec<(String, &'static str)>)>,
        diags: &mut Diagnostics,
    ) -> Glossary {
        let mut g = Glossary::default();
        entries.sort_by_cached_key(|(d, _)| d.meta.title.to_lowercase());
        let mut names: Vec<(String, TermId)> = Vec::new();
        let mut owner: HashMap<String, (TermId, &str)> = HashMap::new();
        for (d, mine) in entries {
            let meta = d
                .meta
                .term
                .as_ref()
                .expect("term documents carry term metadata");
            let id = g.terms.len();
            g.terms.push(Term {
                doc: d.id,
                slug: d.slug.clone(),
                title: d.meta.title.clone(),
                summary: meta.summary.trim().to_string(),
                autolink: meta.autolink,
            });
            g.by_doc.insert(d.id, id);
            for (name, key) in mine {
                let lower = name.to_lowercase();
                if let Some((other, _)) = owner.get(&lower) {
                    if *other != id {
                        let other_doc = &docs[g.terms[*other].doc];
                        diags.push(
                            d.file
                                .error_at(
                                    d.value_offset(key, &name),
                                    format!("the name \"{name}\" is used by two terms"),
                                )
                                .with_help(format!(
                                    "it is also a name of {} ({}); keep it on one term only",
                                    other_doc.meta.title, other_doc.file.path
                                )),
                        );
                    }
                    continue;
                }
                owner.insert(lower.clone(), (id, key));
                g.lookup.insert(lower, id);
                names.push((name, id));
            }
            g.lookup.entry(d.slug.to_lowercase()).or_insert(id);
        }
        g.build_matcher(names);
        g
    }

    fn build_matcher(&mut self, names: Vec<(String, TermId)>) {
        let mut texts = Vec::new();
        for (name, term) in names {
            if !self.terms[term].autolink || name.trim().is_empty() {
                continue;
            }
            let mut variants = vec![name.clone()];
            if name.contains('\'') {
                variants.push(name.replace('\'', "\u{2019}"));
            }
            for v in variants {
                let first = v.chars().next().unwrap_or(' ');
                let last = v.chars().last().unwrap_or(' ');
                self.patterns.push(Pattern {
                    term,
                    exact_case: is_abbreviation(&v) || !v.is_ascii(),
                    bound_start: is_word_char(first),
                    bound_end: is_word_char(last),
                });
                texts.push(v);
            }
        }
        if !texts.is_empty() {
            self.trie = Some(NameTrie::new(texts.iter().map(String::as_str)));
            self.starts = StartFilter::new(texts.iter().map(String::as_str));
            self.pattern_texts = texts;
        }
    }

    /// Builds every term's link markup, given each term's URL.
    pub fn prepare_markup(&mut self, url: impl Fn(&Term) -> String) {
        self.prepare_markup_in(url, |_| None);
    }

    /// Builds every term's link markup, given each term's URL and, for a term in another
    /// language than the page's, that language: its link carries `hreflang` and its summary
    /// `lang`.
    pub fn prepare_markup_in(
        &mut self,
        url: impl Fn(&Term) -> String,
        lang: impl Fn(&Term) -> Option<String>,
    ) {
        use crate::html::escape_html;
        self.markup = self
            .terms
            .iter()
            .map(|t| {
                let lang = lang(t).map(|l| escape_html(&l));
                let hreflang = lang.as_ref().map(|l| format!(" hreflang=\"{l}\""));
                let tip_lang = lang.as_ref().map(|l| format!(" lang=\"{l}\""));
                TermMarkup {
                    open: format!(
                        "{TERM_OPEN}<a class=\"term-ref\" href=\"{}\"{} aria-describedby=\"tip-",
                        escape_html(&url(t)),
                        hreflang.unwrap_or_default()
                    ),
                    close_end: format!(
                        "\"{}>{}</span></span>",
                        tip_lang.unwrap_or_default(),
                        escape_html(&t.summary)
                    ),
                }
            })
            .collect();
    }

    /// Finds the term a reference (`[[x]]`) names: slug, title, alias or Japanese name, any case.
    pub fn lookup(&self, name: &str) -> Option<TermId> {
        self.lookup.get(&name.trim().to_lowercase()).copied()
    }

    /// The known name nearest to `name`, for "did you mean".
    pub fn suggest(&self, name: &str) -> Option<String> {
        did_you_mean(name, self.lookup.keys().map(String::as_str))
            .and_then(|k| self.lookup.get(k))
            .map(|&t| {
                let t = &self.terms[t];
                format!("{} ({})", t.title, t.slug)
            })
    }

    /// Mentions in `text`: non-overlapping, leftmost, longest first.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        self.find_into(text, &mut out);
        out
    }

    /// [`Glossary::find`] into `out` (cleared first), to reuse its memory.
    pub fn find_into(&self, text: &str, out: &mut Vec<Mention>) {
        if self.starts.is_none() {
            // No start filter (or no names): nothing to classify.
            *out = self.find_unanchored(text);
            return;
        }
        let mut blocks = Vec::new();
        crate::byte_classes::classify_text(text.as_bytes(), &mut blocks);
        self.find_in_blocks(text, &blocks, out);
    }

    /// [`Glossary::find_into`], given the text's blocks (the Markdown stage classifies each
    /// text once, for its word count and for this).
    pub(crate) fn find_in_blocks(&self, text: &str, blocks: &[Block], out: &mut Vec<Mention>) {
        out.clear();
        let Some(trie) = &self.trie else {
            return;
        };
        let Some(starts) = &self.starts else {
            *out = self.find_unanchored(text);
            return;
        };
        starts.scan_blocks(text.as_bytes(), blocks, |start| {
            match self.longest_at(trie, text, start) {
                Some(m) => {
                    out.push(m);
                    m.end
                }
                None => start + 1,
            }
        });
    }

    /// [`Glossary::find`] stepping through every byte, for names that may start anywhere.
    fn find_unanchored(&self, text: &str) -> Vec<Mention> {
        let (Some(trie), Some(fast)) = (&self.trie, self.unanchored()) else {
            return Vec::new();
        };
        // The leftmost-longest match at each step is what the full search would choose when it
        // is valid. When it is not (a word continues past it, or the case differs), a shorter
        // name may still match at the same place, and the search goes on from the next
        // character.
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = fast.find(Input::new(text).range(at..)) else {
                break;
            };
            let start = m.start();
            if let Some(mention) = self
                .valid(text, start, m.end(), m.pattern().as_usize())
                .or_else(|| self.longest_at(trie, text, start))
            {
                at = mention.end;
                out.push(mention);
            } else {
                at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }

    /// The unanchored automaton, built the first time a site needs it (when a name starts
    /// with punctuation).
    fn unanchored(&self) -> Option<&AhoCorasick> {
        if self.pattern_texts.is_empty() {
            return None;
        }
        Some(self.fast.get_or_init(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .ascii_case_insensitive(true)
                .build(&self.pattern_texts)
                .expect("glossary names form a valid automaton")
        }))
    }

    /// The longest valid mention starting exactly at `start`: one walk down the trie of
    /// names, checking each name that ends on the way.
    fn longest_at(&self, trie: &NameTrie, text: &str, start: usize) -> Option<Mention> {
        let mut best = None;
        trie.walk(text.as_bytes(), start, |end, patterns| {
            for &pattern in patterns {
                if let Some(m) = self.valid(text, start, end, pattern) {
                    best = Some(m);
                }
            }
        });
        best
    }

    fn valid(&self, text: &str, start: usize, end: usize, pattern: usize) -> Option<Mention> {
        let p = &self.patterns[pattern];
        if p.exact_case && text[start..end] != self.pattern_texts[pattern] {
            return None;
        }
        if p.bound_start && text[..start].chars().next_back().is_some_and(is_word_char) {
            return None;
        }
        if p.bound_end && text[end..].chars().next().is_some_and(is_word_char) {
            return None;
        }
        Some(Mention {
            start,
            end,
            term: p.term,
        })
    }
}

#[cfg(test)]
mod tests;
