//! Where a glossary name can start: the first pass of the matcher.
//!
//! A name that starts with a Latin letter or a digit can only match at the start of a word, and
//! a name in Japanese only at the start of a character. Those positions are found 64 bytes at a
//! time ([`Block`]). A word is kept only if it is as long as the shortest name's first word and
//! its first two letters, then its first four (folded as the matcher folds them), begin some
//! name: lookups in two small bitsets. The trie of names ([`super::trie`]) is then walked only
//! from the positions kept, instead of an automaton stepping through every byte.
//!
//! The filter never drops a position where a valid match starts (see [`key_at`]); positions
//! it keeps in error are rejected by the walk.

use crate::byte_classes::Block;

/// Bits in the key set: 8 KiB, small enough to stay in the first-level cache.
const SET_BITS: u32 = 16;

/// How many bytes of a Latin name or word make its key.
const KEY_BYTES: usize = 4;

const SET_WORDS: usize = 1 << (SET_BITS - 6);

/// Positions where names may start, and the keys of the names.
#[derive(Debug, Clone)]
pub(super) struct StartFilter {
    set: Box<[u64; SET_WORDS]>,
    /// Some name starts with a non-ASCII character, so character starts are candidates too.
    non_ascii: bool,
    /// The fewest letters and digits a Latin name starts with (at most [`KEY_BYTES`]): shorter
    /// words are skipped without a lookup.
    min_run: u32,
    /// When every Latin name starts with two letters or digits: their first two, lowercased,
    /// as bits of a direct table (a cheaper first test than the key).
    pairs: Option<Box<[u64; SET_WORDS]>>,
}

/// The key of a name or of the text at a position: up to [`KEY_BYTES`] ASCII letters and digits,
/// lowercased, stopping at the first other byte; or, at a non-ASCII character, its bytes.
///
/// A name matching at a position has the key of the text there. Its bytes equal the text's
/// (ASCII letters in either case), so the keys differ only if the name ends, within the key,
/// right before a letter or digit of the text. A name ending in a letter or digit must end a
/// word, so that match would not be valid.
pub(super) fn key_at(bytes: &[u8], p: usize) -> Option<u32> {
    let first = *bytes.get(p)?;
    let mut key = [0u8; 4];
    if first.is_ascii_alphanumeric() {
        for (k, &b) in key.iter_mut().zip(&bytes[p..]) {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            *k = b | 0x20;
        }
    } else if first >= 0xC0 {
        let len = char_len(first);
        for (k, &b) in key.iter_mut().zip(&bytes[p..]).take(len) {
            *k = b;
        }
    } else {
        return None;
    }
    Some(u32::from_le_bytes(key))
}

/// [`key_at`] for a position starting a run of ASCII letters and digits, given the run's
/// mask from there (bit 0 is the position itself).
fn latin_key(text: &[u8], p: usize, run: u64) -> u32 {
    let len = (!run).trailing_zeros().min(KEY_BYTES as u32);
    let word = match text.get(p..p + KEY_BYTES) {
        Some(w) => u32::from_le_bytes(w.try_into().expect("four bytes")),
        None => {
            let mut w = [0u8; 4];
            w[..text.len() - p].copy_from_slice(&text[p..]);
            u32::from_le_bytes(w)
        }
    };
    (word | 0x2020_2020) & (u32::MAX >> (32 - 8 * len))
}

/// The two bytes at `p` (which start a run of at least two letters or digits), lowercased.
fn pair_at(text: &[u8], p: usize) -> u16 {
    u16::from_le_bytes([text[p], text[p + 1]]) | 0x2020
}

fn char_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    }
}

fn slot(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - SET_BITS)) as usize
}

impl StartFilter {
    /// The filter for these names, or `None` if one starts with ASCII punctuation or space
    /// (such a name may start anywhere: the matcher then steps through every byte).
    pub(super) fn new<'n>(names: impl IntoIterator<Item = &'n str>) -> Option<StartFilter> {
        let mut filter = StartFilter {
            set: Box::new([0; SET_WORDS]),
            non_ascii: false,
            min_run: KEY_BYTES as u32,
            pairs: None,
        };
        let mut pairs = Box::new([0u64; SET_WORDS]);
        for name in names {
            let key = key_at(name.as_bytes(), 0)?;
            let bytes = name.as_bytes();
            if bytes[0].is_ascii() {
                let run = bytes
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                filter.min_run = filter.min_run.min(run as u32);
                if run >= 2 {
                    let pair = usize::from(pair_at(bytes, 0));
                    pairs[pair >> 6] |= 1 << (pair & 63);
                }
            } else {
                filter.non_ascii = true;
            }
            let s = slot(key);
            filter.set[s >> 6] |= 1 << (s & 63);
        }
        if filter.min_run >= 2 {
            filter.pairs = Some(pairs);
        }
        Some(filter)
    }

    fn contains(&self, key: u32) -> bool {
        let s = slot(key);
        self.set[s >> 6] >> (s & 63) & 1 == 1
    }

    /// Calls `visit` at each position where a name may start, in order. `visit` returns the
    /// position to go on from (the end of a match found there, so matches never overlap).
    #[cfg(test)]
    pub(super) fn scan(&self, text: &[u8], visit: impl FnMut(usize) -> usize) {
        self.scan_with(text, |start| Block::load(text, start), visit);
    }

    /// [`StartFilter::scan`], given the text's blocks (from
    /// [`crate::byte_classes::classify_text`]).
    pub(super) fn scan_blocks(
        &self,
        text: &[u8],
        blocks: &[Block],
        visit: impl FnMut(usize) -> usize,
    ) {
        debug_assert_eq!(blocks.len(), text.len().div_ceil(64));
        self.scan_with(
            text,
            |start| blocks.get(start / 64).copied().unwrap_or_default(),
            visit,
        );
    }

    fn scan_with(
        &self,
        text: &[u8],
        block_at: impl Fn(usize) -> Block,
        mut visit: impl FnMut(usize) -> usize,
    ) {
        let mut at = 0;
        let mut base = 0;
        let mut cur = block_at(0);
        let mut before = 0u64;
        while base < text.len() {
            let next = block_at(base + 64);
            let mut starts = cur.alnum & !((cur.alnum << 1) | before);
            for j in 1..self.min_run {
                // Letters or digits at least `min_run` long.
                starts &= (cur.alnum >> j) | (next.alnum << (64 - j));
            }
            if self.non_ascii {
                starts |= cur.lead;
            }
            // Tests first, with no branch or dependency between the lookups; then visits.
            if let Some(pairs) = &self.pairs {
                // Words whose first two letters begin no name go no further.
                let mut latin = starts & !cur.lead;
                starts &= cur.lead;
                while latin != 0 {
                    let i = latin.trailing_zeros();
                    latin &= latin - 1;
                    let pair = usize::from(pair_at(text, base + i as usize));
                    starts |= (pairs[pair >> 6] >> (pair & 63) & 1) << i;
                }
            }
            let mut hits = 0u64;
            let window = u128::from(next.alnum) << 64 | u128::from(cur.alnum);
            while starts != 0 {
                let i = starts.trailing_zeros();
                starts &= starts - 1;
                let key = if (cur.lead >> i) & 1 == 1 {
                    key_at(text, base + i as usize).unwrap_or(0)
                } else {
                    latin_key(text, base + i as usize, (window >> i) as u64)
                };
                hits |= u64::from(self.contains(key)) << i;
            }
            while hits != 0 {
                let p = base + hits.trailing_zeros() as usize;
                hits &= hits - 1;
                if p >= at {
                    at = visit(p);
                }
            }
            before = cur.alnum >> 63;
            cur = next;
            base += 64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random_bytes(seed: &mut u64, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| (crate::testing::xorshift(seed) >> 24) as u8)
            .collect()
    }

    /// Every position the scan keeps when all keys are in the set: word starts and character
    /// starts, each with the key [`key_at`] gives, whatever the block boundaries.
    #[test]
    fn the_scan_visits_word_and_character_starts_with_their_keys() {
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        let alphabet = [
            "a", "Bc", "9", " ", "-", "é", "自衛", "’", "\n", "xyzw", "Q",
        ];
        for _ in 0..2000 {
            let mut text = String::new();
            let n = random_bytes(&mut seed, 1)[0] as usize;
            for b in random_bytes(&mut seed, n) {
                text.push_str(alphabet[b as usize % alphabet.len()]);
            }
            let bytes = text.as_bytes();
            let expected: Vec<usize> = (0..bytes.len())
                .filter(|&p| {
                    let b = bytes[p];
                    (b.is_ascii_alphanumeric() && (p == 0 || !bytes[p - 1].is_ascii_alphanumeric()))
                        || b >= 0xC0
                })
                .collect();
            // A filter whose set holds exactly the keys at those positions.
            let mut filter = StartFilter {
                set: Box::new([0; SET_WORDS]),
                non_ascii: true,
                min_run: 1,
                pairs: None,
            };
            for &p in &expected {
                let s = slot(key_at(bytes, p).unwrap());
                filter.set[s >> 6] |= 1 << (s & 63);
            }
            let mut seen = Vec::new();
            filter.scan(bytes, |p| {
                seen.push(p);
                p + 1
            });
            assert_eq!(seen, expected, "{text:?}");
            // And the scan computes the same keys as key_at: a filter holding one key sees
            // only the positions with that key (or a colliding one).
            for &p in expected.iter().take(3) {
                let key = key_at(bytes, p).unwrap();
                let one = StartFilter::new([&text[p..]]).unwrap();
                let mut hits = Vec::new();
                one.scan(bytes, |q| {
                    hits.push(q);
                    q + 1
                });
                assert!(hits.contains(&p), "{text:?} at {p}");
                for q in hits {
                    assert_eq!(
                        slot(key_at(bytes, q).unwrap()),
                        slot(key),
                        "{text:?} at {q}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_visit_can_skip_ahead_across_blocks() {
        let text = "word ".repeat(40);
        let filter = StartFilter::new(["word"]).unwrap();
        let mut seen = Vec::new();
        filter.scan(text.as_bytes(), |p| {
            seen.push(p);
            p + 70
        });
        assert_eq!(seen, [0, 70, 140]);
    }

    #[test]
    fn words_shorter_than_every_name_are_skipped() {
        let filter = StartFilter::new(["Alpha Accord", "Echo"]).unwrap();
        assert_eq!(filter.min_run, 4);
        let text = "an alp echo Echo1 ech echoes alpha";
        let mut seen = Vec::new();
        filter.scan(text.as_bytes(), |p| {
            seen.push(&text[p..]);
            p + 1
        });
        // Keys are the first four letters: "echoes" is visited (and left to the automaton).
        assert_eq!(
            seen,
            [
                "echo Echo1 ech echoes alpha",
                "Echo1 ech echoes alpha",
                "echoes alpha",
                "alpha"
            ]
        );
        assert_eq!(StartFilter::new(["UN", "Article 9"]).unwrap().min_run, 2);
        // The first-two-letters table: only words starting "ec" or "al" get a key lookup.
        let pairs = filter.pairs.as_ref().expect("names start with two letters");
        let has = |pair: &[u8]| {
            let p = usize::from(pair_at(pair, 0));
            pairs[p >> 6] >> (p & 63) & 1 == 1
        };
        assert!(has(b"EC") && has(b"al") && !has(b"an") && !has(b"ac"));
        assert!(StartFilter::new(["X-ray"]).unwrap().pairs.is_none());
    }

    #[test]
    fn names_starting_with_punctuation_need_the_full_search() {
        assert!(StartFilter::new(["(x)"]).is_none());
        assert!(StartFilter::new(["SDF", "自衛隊"]).is_some_and(|f| f.non_ascii));
    }
}
