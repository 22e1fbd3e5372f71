//! Turning text into index terms, the same way the browser's client (`search.js`) turns a
//! query into them: folding (case, accents, width), words of Latin and other alphabetic
//! scripts (runs of letters and digits), English stemming, and for Chinese and Japanese
//! script both dictionary words (ICU4X, compiled data) and overlapping character pairs
//! (bigrams), which the client computes identically, so a query and the index always agree
//! on the pairs even where the browser's `Intl.Segmenter` splits words differently.
//!
//! The shard a term lives in is also decided here ([`shard_key`], [`shard_of`]); the client
//! has the same two functions.

use crate::byte_classes::Block;
use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};
use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};
use rust_stemmers::{Algorithm, Stemmer};

/// English words too common to index (the client drops them from queries too: the list is
/// written into each index's `meta.json`).
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on",
    "or", "that", "the", "this", "to", "was", "with",
];

/// True for a word of [`STOP_WORDS`] (a `match`, which the compiler turns into a switch on
/// the length and direct comparisons, instead of a walk over the list with a `memcmp` call
/// for each word of the same length: most words of English prose are short).
pub fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "by"
            | "for"
            | "from"
            | "in"
            | "is"
            | "it"
            | "of"
            | "on"
            | "or"
            | "that"
            | "the"
            | "this"
            | "to"
            | "was"
            | "with"
    )
}

/// What kind of term a [`Token`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// A word of an alphabetic script (Latin, Cyrillic, …) or a number, folded.
    Word,
    /// A dictionary word of Chinese or Japanese script.
    CjkWord,
    /// Two adjacent characters of Chinese or Japanese script (or one, for a run of one).
    Bigram,
}

/// One term found in a text (folded, not yet stemmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded text.
    pub text: String,
    /// Its kind.
    pub kind: TokenKind,
}

/// The tools the tokenizer needs, made once per index build.
pub struct Tokenizer {
    segmenter: WordSegmenterBorrowed<'static>,
    stemmer: Stemmer,
    nfkd: DecomposingNormalizerBorrowed<'static>,
    nfkc: ComposingNormalizerBorrowed<'static>,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer {
            segmenter: WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()),
            stemmer: Stemmer::create(Algorithm::English),
            nfkd: DecomposingNormalizerBorrowed::new_nfkd(),
            nfkc: ComposingNormalizerBorrowed::new_nfkc(),
        }
    }
}

/// True for characters of Chinese or Japanese script: kana, the prolonged sound mark, CJK
/// ideographs and the iteration mark 々. The client's `CJK` pattern is the same set.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}' | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}')
}

/// True for characters that make up words: letters, digits and marks, or CJK script.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl Tokenizer {
    /// Folds `text` for matching: compatibility forms (full-width letters, half-width kana)
    /// to their plain forms, Latin accents dropped (`é` → `e`), lower case. Kana voicing marks
    /// are kept (`ガ` stays `ガ`). Client: `fold()`.
    ///
    /// Runs of ASCII are only lower-cased and the normalizer sees only the runs between them
    /// (in English prose, the odd curly quote or dash), which gives the same result as folding
    /// the whole text, as the client does, since no ASCII character composes with what
    /// follows it but the accents that are dropped.
    pub fn fold(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while !rest.is_empty() {
            let ascii = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            out.extend(
                rest[..ascii]
                    .bytes()
                    .map(|b| char::from(b.to_ascii_lowercase())),
            );
            rest = &rest[ascii..];
            let other = rest
                .bytes()
                .position(|b| b.is_ascii())
                .unwrap_or(rest.len());
            if other > 0 {
                out.push_str(&self.fold_other(&rest[..other]));
                rest = &rest[other..];
            }
        }
        out
    }

    /// [`Tokenizer::fold`] of a text without ASCII.
    fn fold_other(&self, text: &str) -> String {
        let decomposed = self.nfkd.normalize(text);
        let stripped: String = decomposed
            .chars()
            .filter(|c| !('\u{300}'..='\u{36F}').contains(c))
            .collect();
        self.nfkc.normalize(&stripped).to_lowercase()
    }

    /// The English stem of a folded word (numbers and non-Latin words come back unchanged).
    pub fn stem(&self, word: &str) -> String {
        if !word.chars().all(|c| c.is_ascii_lowercase() || c == '\'') {
            return word.to_string();
        }
        self.stemmer.stem(word).into_owned()
    }

    /// Every term of `text` (folded first), in order: words, and for each run of CJK
    /// characters its dictionary words then its bigrams.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.for_each_token(text, |kind, t| {
            out.push(Token {
                text: t.to_string(),
                kind,
            })
        });
        out
    }

    /// Calls `f` with each term of `text`, as [`Tokenizer::tokens`] lists them, without
    /// allocating a string for each.
    pub fn for_each_token(&self, text: &str, mut f: impl FnMut(TokenKind, &str)) {
        if text.is_ascii() {
            // The same terms without the folded copy: ASCII folds to its lower case, and its
            // runs are those of ASCII letters and digits.
            let mut word = String::new();
            for (start, end) in alnum_runs(text.as_bytes()) {
                word.clear();
                word.push_str(&text[start..end]);
                word.make_ascii_lowercase();
                f(TokenKind::Word, &word);
            }
            return;
        }
        let folded = self.fold(text);
        for run in runs(&folded) {
            match run {
                Run::Word(w) => f(TokenKind::Word, w),
                Run::Cjk(r) => {
                    for w in self.cjk_words(r) {
                        f(TokenKind::CjkWord, &w.text);
                    }
                    for b in bigrams(r) {
                        f(TokenKind::Bigram, &b.text);
                    }
                }
            }
        }
    }

    /// The dictionary words of a run of CJK characters.
    pub fn cjk_words(&self, run: &str) -> Vec<Token> {
        let mut words = Vec::new();
        let mut last = 0;
        for (i, kind) in self.segmenter.segment_str(run).iter_with_word_type() {
            if i > last && kind.is_word_like() {
                words.push(Token {
                    text: run[last..i].to_string(),
                    kind: TokenKind::CjkWord,
                });
            }
            last = i;
        }
        words
    }
}

/// The runs of ASCII letters and digits of `bytes`, as (start, end), found 64 bytes at a time
/// from [`Block`]'s masks: a byte-by-byte test cost about six instructions a byte, and most of
/// the search index's text goes through here.
fn alnum_runs(bytes: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut base = 0;
    let mut alnum = 0u64;
    // Bits of the current block not looked at yet start here.
    let mut pos = 64u32;
    let mut start: Option<usize> = None;
    std::iter::from_fn(move || loop {
        if pos >= 64 {
            if base >= bytes.len() {
                // Only a run that reaches the end is left open.
                return start.take().map(|s| (s, bytes.len()));
            }
            alnum = Block::load(bytes, base).alnum;
            (base, pos) = (base + 64, 0);
        }
        // Bits past the end of the text are zeros, so a run always ends in a block.
        let here = base - 64;
        let wanted = match start {
            None => alnum >> pos,
            Some(_) => !alnum >> pos,
        };
        if wanted == 0 {
            pos = 64;
            continue;
        }
        pos += wanted.trailing_zeros();
        match start.take() {
            None => start = Some(here + pos as usize),
            Some(s) => return Some((s, (here + pos as usize).min(bytes.len()))),
        }
    })
}

/// A stretch of a folded text that makes terms.
#[derive(Debug, PartialEq, Eq)]
pub enum Run<'a> {
    /// Letters and digits (not CJK).
    Word(&'a str),
    /// CJK characters.
    Cjk(&'a str),
}

/// The maximal runs of word characters of `text`, CJK runs apart from the others. Client:
/// `runs()`.
pub fn runs(text: &str) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    let close = |from: usize, cjk: bool, to: usize| {
        let s = &text[from..to];
        if cjk {
            Run::Cjk(s)
        } else {
            Run::Word(s)
        }
    };
    let mut open: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        let class = if c.is_ascii() {
            c.is_ascii_alphanumeric().then_some(false)
        } else if is_cjk(c) {
            Some(true)
        } else if is_word_char(c) {
            Some(false)
        } else {
            None
        };
        match (open, class) {
            (Some((_, a)), Some(b)) if a == b => {}
            (Some((from, a)), _) => {
                out.push(close(from, a, i));
                open = class.map(|b| (i, b));
            }
            (None, _) => open = class.map(|b| (i, b)),
        }
    }
    if let Some((from, a)) = open {
        out.push(close(from, a, text.len()));
    }
    out
}

/// The overlapping character pairs of a CJK run (the run itself when it is one character).
/// Client: `bigrams()`.
pub fn bigrams(run: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = run.char_indices().collect();
    if chars.len() < 2 {
        return vec![Token {
            text: run.to_string(),
            kind: TokenKind::Bigram,
        }];
    }
    chars
        .windows(2)
        .map(|w| {
            let end = w[1].0 + w[1].1.len_utf8();
            Token {
                text: run[w[0].0..end].to_string(),
                kind: TokenKind::Bigram,
            }
        })
        .collect()
}

/// The part of a term that decides its shard: its first character when that is CJK, else
/// its first three characters (all of a shorter term). A typed prefix of three characters or
/// more thus names one shard. Client: `shardKey()`.
pub fn shard_key(term: &str) -> &str {
    let mut chars = term.char_indices();
    match chars.next() {
        None => term,
        Some((_, c)) if is_cjk(c) => &term[..c.len_utf8()],
        Some(_) => match chars.nth(2) {
            Some((i, _)) => &term[..i],
            None => term,
        },
    }
}

/// The shard (of `shards`) a term lives in: FNV-1a (32 bits) of its [`shard_key`]'s UTF-8
/// bytes. Client: `shardOf()`.
pub fn shard_of(term: &str, shards: u32) -> u32 {
    fnv1a(shard_key(term)) % shards.max(1)
}

/// The names file (of `shards`, `n/<k>.json`) a name key lives in: FNV-1a of the whole key. A
/// name is looked up whole, never by a prefix, so names spread over the files even when many
/// pages' titles begin alike ("Chapter 1", "Chapter 2", …). Client: `nameShardOf()`.
pub fn name_shard_of(key: &str, shards: u32) -> u32 {
    fnv1a(key) % shards.max(1)
}

/// FNV-1a, 32 bits, of `s`'s UTF-8 bytes.
fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[cfg(test)]
mod tests;
