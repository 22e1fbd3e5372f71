//! JSON written into HTML (issue 16). See: issues/16, "a glossary term titled
//! `Evil </script><script>alert(1)</script> term`". For arbitrary titles, summaries,
//! descriptions and aliases, every page parses to the same `script` elements as the same site
//! with plain text, and its JSON-LD parses back to the original strings.

mod common;

use common::*;
use scraper::{Html, Selector};
use std::collections::BTreeMap;

const TERMS: usize = 6;

/// Random strings heavy in what ends or confuses a script element.
const PIECES: &[&str] = &[
    "</script>",
    "</SCRIPT >",
    "<script>alert(1)</script>",
    "<!--",
    "-->",
    "<",
    ">",
    "&",
    "&amp;",
    "\"",
    "'",
    "\\",
    "/",
    "]]>",
    "\u{2028}",
    "解説",
    "é",
    " ",
    "word",
    "\\u003c",
    "{{",
    "}}",
    "{%",
];

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
    fn text(&mut self, prefix: &str) -> String {
        let n = 1 + self.below(8);
        let mut s = format!("{prefix} ");
        for _ in 0..n {
            s.push_str(PIECES[self.below(PIECES.len())]);
        }
        s
    }
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{2028}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What each term says: title, summary, aliases.
type Texts = Vec<(String, String, Vec<String>)>;

fn site(texts: &Texts, page_title: &str, event_title: &str) -> SiteTest {
    let mut files = vec![
        (
            "config.toml".to_string(),
            "title = \"S\"\nbase_url = \"/\"\n".to_string(),
        ),
        (
            "content/_index.md".to_string(),
            "+++\ntitle = \"Home\"\n+++\n\n[page](@/page.md)\n".to_string(),
        ),
        (
            "content/page.md".to_string(),
            format!(
                "+++\ntitle = {}\ndescription = {}\ndate = 2024-01-02\n+++\n\nText.\n",
                toml_str(page_title),
                toml_str(page_title)
            ),
        ),
        (
            "content/glossary/_index.md".to_string(),
            "+++\ntitle = \"Glossary\"\n+++\n".to_string(),
        ),
        (
            "content/timeline/_index.md".to_string(),
            "+++\ntitle = \"Timeline\"\n+++\n".to_string(),
        ),
        (
            "content/timeline/e.md".to_string(),
            format!(
                "+++\ntitle = {}\ndescription = {}\ndate = \"1967\"\nterms = [\"t0\"]\n+++\n\nAn event.\n",
                toml_str(event_title),
                toml_str(event_title)
            ),
        ),
    ];
    for (i, (title, summary, aliases)) in texts.iter().enumerate() {
        let aliases: Vec<String> = aliases.iter().map(|a| toml_str(a)).collect();
        files.push((
            format!("content/glossary/t{i}.md"),
            format!(
                "+++\ntitle = {}\nsummary = {}\naliases = [{}]\n+++\n\nA term.\n",
                toml_str(title),
                toml_str(summary),
                aliases.join(", ")
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    SiteTest::from_files(&refs)
}

/// Each HTML page's `script` elements, as their sorted attributes (the JSON in them aside).
fn scripts(t: &SiteTest) -> BTreeMap<String, Vec<String>> {
    let sel = Selector::parse("script").unwrap();
    snapshot(&t.public())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| {
            let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
            let list = doc
                .select(&sel)
                .map(|e| {
                    let mut a: Vec<String> =
                        e.value().attrs().map(|(k, v)| format!("{k}={v}")).collect();
                    a.sort();
                    a.join(" ")
                })
                .collect();
            (p, list)
        })
        .collect()
}

fn json_ld(t: &SiteTest, page: &str) -> serde_json::Value {
    let doc = t.html(page);
    let sel = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let el = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("{page} has JSON-LD"));
    let text: String = el.text().collect();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{page}: {e}: {text}"))
}

fn words_of(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn words(v: &serde_json::Value) -> String {
    words_of(v.as_str().unwrap_or_else(|| panic!("a string: {v}")))
}

#[test]
fn the_evil_term_title_from_the_issue_cannot_end_its_script() {
    let title = "Evil </script><script>alert(1)</script> term";
    let texts = vec![(title.to_string(), "S".to_string(), vec![])];
    let t = site(&texts, "P", "E");
    t.build_ok();
    let html = t.read("glossary/t0/index.html");
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert_eq!(json_ld(&t, "glossary/t0/index.html")["name"], title);
}

#[test]
fn arbitrary_titles_summaries_and_aliases_keep_the_scripts_of_plain_text() {
    let plain: Texts = (0..TERMS)
        .map(|i| {
            (
                format!("T{i} plain"),
                format!("S{i} plain"),
                vec![format!("A{i} plain")],
            )
        })
        .collect();
    let reference = site(&plain, "Page plain", "Event plain");
    reference.build_ok();
    let expected = scripts(&reference);
    assert!(expected
        .values()
        .any(|s| s.iter().any(|a| a.contains("ld+json"))));
    for seed in 1..=6u64 {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ seed);
        let texts: Texts = (0..TERMS)
            .map(|i| {
                (
                    rng.text(&format!("T{i}")),
                    rng.text(&format!("S{i}")),
                    vec![rng.text(&format!("A{i}"))],
                )
            })
            .collect();
        let page_title = rng.text("Page");
        let event_title = rng.text("Event");
        let t = site(&texts, &page_title, &event_title);
        t.build_ok();
        assert_eq!(scripts(&t), expected, "seed {seed}: {texts:?}");
        for (i, (title, summary, aliases)) in texts.iter().enumerate() {
            let ld = json_ld(&t, &format!("glossary/t{i}/index.html"));
            // The loader trims and folds white space (U+2028 is white space): compare words.
            assert_eq!(words(&ld["name"]), words_of(title), "seed {seed}");
            assert_eq!(words(&ld["description"]), words_of(summary), "seed {seed}");
            assert_eq!(
                words(&ld["alternateName"][0]),
                words_of(&aliases[0]),
                "seed {seed}"
            );
        }
        let ld = json_ld(&t, "timeline/e/index.html");
        assert_eq!(words(&ld["name"]), words_of(&event_title), "seed {seed}");
        assert_eq!(
            words(&ld["description"]),
            words_of(&event_title),
            "seed {seed}"
        );
    }
}
