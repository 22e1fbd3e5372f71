//! The matcher against its definition on small glossaries: random texts, names at the edges
//! of texts and of the scan's blocks, names starting with punctuation.

use super::*;

/// Every valid match, then the leftmost-longest non-overlapping selection of them: the
/// definition that [`Glossary::find`] is tested against.
fn find_overlapping(g: &Glossary, text: &str) -> Vec<Mention> {
    let mut candidates: Vec<Mention> = Vec::new();
    let overlapping = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(&g.pattern_texts)
        .unwrap();
    for m in overlapping.find_overlapping_iter(text) {
        candidates.extend(g.valid(text, m.start(), m.end(), m.pattern().as_usize()));
    }
    candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Mention> = Vec::new();
    for c in candidates {
        if out.last().is_none_or(|l| c.start >= l.end) {
            out.push(c);
        }
    }
    out
}

fn glossary_of(terms: &[(&str, &str)]) -> Glossary {
    let docs: Vec<Doc> = terms
        .iter()
        .enumerate()
        .map(|(i, (p, t))| {
            let mut d =
                crate::load::doc_from_bytes(&format!("glossary/{p}"), t.as_bytes().to_vec())
                    .0
                    .unwrap();
            d.id = i;
            d
        })
        .collect();
    Glossary::build(&docs, &mut Diagnostics::default())
}

const TERMS: [(&str, &str); 8] = [
    ("sdf.md", "+++\ntitle = \"Self-Defense Forces\"\naliases = [\"SDF\"]\nja = \"自衛隊\"\nsummary = \"s\"\n+++\n"),
    ("a9.md", "+++\ntitle = \"Article 9\"\nsummary = \"s\"\n+++\n"),
    ("tp.md", "+++\ntitle = \"Three Principles\"\nsummary = \"s\"\n+++\n"),
    ("tpt.md", "+++\ntitle = \"Three Principles on Transfer\"\nsummary = \"s\"\n+++\n"),
    ("de.md", "+++\ntitle = \"Defense\"\nsummary = \"s\"\n+++\n"),
    ("un.md", "+++\ntitle = \"United Nations\"\naliases = [\"UN\"]\nsummary = \"s\"\n+++\n"),
    ("pm.md", "+++\ntitle = \"Prime Minister's Office\"\nsummary = \"s\"\n+++\n"),
    ("ed.md", "+++\ntitle = \"Étude\"\nja = \"防衛装備移転三原則\"\nsummary = \"s\"\n+++\n"),
];

fn glossary() -> Glossary {
    glossary_of(&TERMS[..5])
}

/// Random texts of these words, each followed by a space or a hyphen: the matcher must
/// agree with the definition, [`find_overlapping`].
fn agrees_on_random_texts(g: &Glossary, words: &[&str], texts: usize) {
    let mut seed = 0x2545_f491_u64;
    let mut next = || crate::testing::xorshift(&mut seed);
    for _ in 0..texts {
        let mut text = String::new();
        for _ in 0..1 + next() % 40 {
            let r = next();
            text.push_str(words[(r % words.len() as u64) as usize]);
            text.push(if r % 5 == 0 { '-' } else { ' ' });
        }
        assert_eq!(g.find(&text), find_overlapping(g, &text), "{text:?}");
    }
}

#[test]
fn the_fast_path_agrees_with_the_full_search() {
    let g = glossary();
    let words = [
        "SDF",
        "sdf",
        "SDFs",
        "Article",
        "9",
        "90",
        "Three",
        "Principles",
        "on",
        "Transfer",
        "Transfers",
        "Defense",
        "Defenses",
        "自衛隊",
        "the",
        "x",
        ",",
        "-",
    ];
    agrees_on_random_texts(&g, &words, 20_000);
}

/// Short names, apostrophes (straight and curly), names starting with accented letters or
/// in Japanese, and text long enough to cross the scan's 64-byte blocks.
#[test]
fn the_start_filter_agrees_with_the_full_search() {
    let g = glossary_of(&TERMS);
    assert!(g.starts.is_some());
    let words = [
        "UN",
        "un",
        "UNs",
        "UN’s",
        "Prime",
        "Minister's",
        "Minister’s",
        "Office",
        "Étude",
        "études",
        "Études",
        "防衛装備移転三原則",
        "装備",
        "自衛隊",
        "日本SDF",
        "SDF",
        "Article",
        "9",
        "Three",
        "Principles",
        "on",
        "Transfer",
        "“",
        "(",
        "a",
        "defense",
    ];
    agrees_on_random_texts(&g, &words, 20_000);
}

/// Names at the very start and end of a text and across the scan's 64-byte blocks.
#[test]
fn names_at_text_and_block_edges_are_found() {
    let g = glossary_of(&TERMS);
    for pad in [0, 1, 58, 59, 60, 61, 62, 63, 64, 65, 126, 127] {
        for name in ["UN", "SDF", "自衛隊", "Article 9", "Étude"] {
            let text = format!("{}{name}", " ".repeat(pad));
            let found = g.find(&text);
            assert_eq!(found.len(), 1, "{text:?}");
            assert_eq!(&text[found[0].start..found[0].end], name);
            let text = format!("{text} x");
            assert_eq!(g.find(&text).len(), 1, "{text:?}");
            let joined = format!("{}x{name}", " ".repeat(pad));
            let expected = usize::from(!name.is_ascii() && name != "Étude");
            assert_eq!(g.find(&joined).len(), expected, "{joined:?}");
        }
    }
}

/// A name starting with punctuation can start anywhere: the search steps through every byte.
#[test]
fn names_starting_with_punctuation_are_found_by_the_full_scan() {
    let mut terms = TERMS.to_vec();
    terms.push(("dot.md", "+++\ntitle = \".NET\"\nsummary = \"s\"\n+++\n"));
    let g = glossary_of(&terms);
    assert!(g.starts.is_none());
    let words = [
        "UN",
        "x.NET",
        ".NET",
        ".net",
        "Three",
        "Principles",
        "自衛隊",
        "(",
        "a",
    ];
    agrees_on_random_texts(&g, &words, 5_000);
    let found = g.find("use .NET here");
    assert_eq!(found.len(), 1);
}
