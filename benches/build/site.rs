//! Synthetic sites for the build benchmark: deterministic prose from a fixed seed, written
//! once in kaisetsu's format and once as the equivalent Hugo site.
//!
//! Both sites hold the same Markdown bodies. Only what the two tools spell differently changes:
//! kaisetsu's `@/posts/p00012.md` links become plain `/posts/p00012/` URLs for Hugo (no `ref`
//! shortcode, so Hugo is not slowed by shortcodes), and a term's `aliases` become
//! `term_aliases` (Hugo's `aliases` would create redirect pages).

#[path = "words.rs"]
mod words;

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;
use words::{term_names, HEADINGS, HUGO_CONFIG, HUGO_LAYOUTS, KAISETSU_CONFIG, LANGS, WORDS};

/// Number of glossary terms in a site with terms.
pub(crate) const TERMS: usize = 500;
/// Distinct terms a post mentions (`KAISETSU_BENCH_TERMS_PER_POST`, default 8; 500 gives the
/// dense model, where any term can appear anywhere).
fn focus_terms() -> usize {
    std::env::var("KAISETSU_BENCH_TERMS_PER_POST")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(8)
}
/// Number of timeline events.
pub(crate) const EVENTS: usize = 300;

/// What one synthetic site holds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    /// Number of posts.
    pub(crate) pages: usize,
    /// One fenced code block a post.
    pub(crate) code: bool,
    /// 500 glossary terms (or none).
    pub(crate) terms: bool,
    /// Every content file also has a Japanese edition (`name.ja.md`, `[languages.ja]`).
    pub(crate) translated: bool,
    /// The dense model (issue 17): posts of about 1,100 words in sections of 100, each
    /// mentioning 45 distinct terms of one per 20 posts (500 at 10,000 posts), 250 events.
    pub(crate) dense: bool,
}

impl Spec {
    /// Glossary terms in the site.
    fn term_count(&self) -> usize {
        match (self.terms, self.dense) {
            (false, _) => 0,
            (true, false) => TERMS,
            (true, true) => (self.pages / 20).clamp(1, TERMS),
        }
    }
    /// Timeline events.
    fn events(&self) -> usize {
        if self.dense {
            250
        } else {
            EVENTS
        }
    }
}

/// Posts in each section of the dense model.
const DENSE_SECTION: usize = 100;

/// The site path of post `i` (`posts/p00012`, or `s00/p00012` in the dense model).
fn post_path(i: usize, dense: bool) -> String {
    if dense {
        format!("s{:02}/p{i:05}", i / DENSE_SECTION)
    } else {
        format!("posts/p{i:05}")
    }
}

/// SplitMix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn code_block(rng: &mut Rng, out: &mut String) {
    let lang = rng.pick(LANGS);
    let name = rng.pick(&["transfer", "review", "approve", "ledger", "quota", "export"]);
    let n = rng.below(90) + 10;
    let body = match lang {
        "rust" => format!(
            "use std::collections::HashMap;\n\n/// Counts approvals per {name}.\npub fn {name}_counts(items: &[(String, u32)]) -> HashMap<String, u32> {{\n    let mut counts = HashMap::new();\n    for (key, value) in items {{\n        if *value > {n} {{\n            *counts.entry(key.clone()).or_insert(0) += value;\n        }} else {{\n            counts.entry(key.clone()).or_insert(0);\n        }}\n    }}\n    counts\n}}\n\nfn main() {{\n    let items = vec![(\"alpha\".to_string(), 12), (\"beta\".to_string(), {n})];\n    let counts = {name}_counts(&items);\n    println!(\"{{:?}}\", counts);\n    assert!(counts.len() <= items.len());\n}}\n"
        ),
        "python" => format!(
            "import json\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Record:\n    name: str\n    value: int = {n}\n\n\ndef {name}_summary(records):\n    \"\"\"Return the total per name.\"\"\"\n    totals = {{}}\n    for r in records:\n        if r.value > {n}:\n            totals[r.name] = totals.get(r.name, 0) + r.value\n    return totals\n\n\nif __name__ == \"__main__\":\n    print(json.dumps({name}_summary([Record(\"a\"), Record(\"b\", 3)])))\n"
        ),
        "js" => format!(
            "// Groups {name} records by year.\nexport function group(records) {{\n  const out = new Map();\n  for (const r of records) {{\n    const year = new Date(r.date).getFullYear();\n    if (!out.has(year)) {{\n      out.set(year, []);\n    }}\n    out.get(year).push(r);\n  }}\n  return out;\n}}\n\nconst limit = {n};\nconst items = [{{ date: \"2024-01-02\", value: 3 }}, {{ date: \"2025-05-06\", value: limit }}];\nfor (const [year, list] of group(items)) {{\n  console.log(`${{year}}: ${{list.length}}`);\n}}\nexport default group;\n"
        ),
        "go" => format!(
            "package main\n\nimport (\n\t\"fmt\"\n\t\"sort\"\n)\n\ntype Item struct {{\n\tName  string\n\tValue int\n}}\n\nfunc {name}Sorted(items []Item) []Item {{\n\tsort.Slice(items, func(i, j int) bool {{ return items[i].Value < items[j].Value }})\n\treturn items\n}}\n\nfunc main() {{\n\titems := []Item{{{{\"a\", {n}}}, {{\"b\", 2}}}}\n\tfor _, it := range {name}Sorted(items) {{\n\t\tfmt.Println(it.Name, it.Value)\n\t}}\n}}\n"
        ),
        "c" => format!(
            "#include <stdio.h>\n#include <stdlib.h>\n\n#define LIMIT {n}\n\nstatic int {name}_total(const int *values, size_t len) {{\n    int total = 0;\n    for (size_t i = 0; i < len; i++) {{\n        if (values[i] > LIMIT) {{\n            total += values[i];\n        }}\n    }}\n    return total;\n}}\n\nint main(void) {{\n    int values[] = {{1, 2, LIMIT + 1, 40}};\n    size_t len = sizeof values / sizeof values[0];\n    printf(\"%d\\n\", {name}_total(values, len));\n    return EXIT_SUCCESS;\n}}\n"
        ),
        "toml" => format!(
            "# Settings for the {name} review.\n[review]\nname = \"{name}\"\nlimit = {n}\nstrict = true\nreviewers = [\"cabinet\", \"committee\", \"ministry\"]\n\n[review.dates]\nopened = 2024-01-15\nclosed = 2024-06-30\n\n[[review.items]]\nid = \"a-{n}\"\nvalue = 12.5\n\n[[review.items]]\nid = \"b-{n}\"\nvalue = 7.25\n\n[output]\nformat = \"html\"\n"
        ),
        _ => format!(
            "#!/usr/bin/env bash\nset -euo pipefail\n\n# Collects the {name} records into one file.\nlimit={n}\nout=\"${{1:-records.txt}}\"\n: > \"$out\"\nfor f in data/*.csv; do\n  if [[ ! -s \"$f\" ]]; then\n    echo \"skipping $f\" >&2\n    continue\n  fi\n  count=$(wc -l < \"$f\")\n  if (( count > limit )); then\n    head -n \"$limit\" \"$f\" >> \"$out\"\n  else\n    cat \"$f\" >> \"$out\"\n  fi\ndone\necho \"wrote $(wc -l < \"$out\") lines to $out\"\n"
        ),
    };
    let _ = write!(out, "```{lang}\n{body}```\n\n");
}

/// How links and term references are spelled in each tool.
#[derive(Clone, Copy, PartialEq)]
enum Flavor {
    Kaisetsu,
    Hugo,
}

struct Prose<'a> {
    rng: Rng,
    terms: &'a [(String, String, Option<String>)],
    pages: usize,
    flavor: Flavor,
    /// The terms the current post discusses (indexes into `terms`).
    focus: Vec<usize>,
    /// The dense model: longer posts, 45 focus terms, each of them mentioned.
    dense: bool,
    /// Mentions so far in the current post (the dense model cycles through its terms).
    mentioned: usize,
}

impl Prose<'_> {
    fn link(&mut self, out: &mut String) {
        let target = self.rng.below(self.pages.max(1));
        let text = self.rng.pick(&[
            "the related note",
            "an earlier post",
            "this explainer",
            "the follow-up",
            "a longer account",
        ]);
        let path = post_path(target, self.dense);
        match self.flavor {
            Flavor::Kaisetsu => {
                let _ = write!(out, "[{text}](@/{path}.md)");
            }
            Flavor::Hugo => {
                let _ = write!(out, "[{text}](/{path}/)");
            }
        }
    }

    fn sentence(&mut self, out: &mut String, links: &mut usize) {
        let len = 7 + self.rng.below(12);
        for i in 0..len {
            if i > 0 {
                out.push(' ');
            }
            let rate = if self.dense { 6 } else { 3 };
            if i > 1 && i + 1 < len && !self.terms.is_empty() && self.rng.chance(rate) {
                // Always mention a term in the prose, whether or not the site defines terms,
                // so that the "no terms" site holds the same text.
                let pick = if self.dense {
                    self.mentioned % self.focus.len()
                } else {
                    self.rng.below(self.focus.len())
                };
                self.mentioned += 1;
                let t = &self.terms[self.focus[pick]];
                let name = match &t.2 {
                    Some(a) if self.rng.chance(30) => a.clone(),
                    _ => t.1.clone(),
                };
                out.push_str(&name);
                continue;
            }
            if i > 1 && i + 2 < len && *links > 0 && self.rng.chance(2) {
                *links -= 1;
                self.link(out);
                continue;
            }
            let w = self.rng.pick(WORDS);
            if i == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(c.as_str());
                }
            } else if self.rng.chance(2) {
                let _ = write!(out, "*{w}*");
            } else if self.rng.chance(1) {
                let _ = write!(out, "`{w}`");
            } else {
                out.push_str(w);
            }
            if i + 1 < len && self.rng.chance(6) {
                out.push(',');
            }
        }
        out.push('.');
    }

    fn paragraph(&mut self, out: &mut String, words: usize, mut links: usize) {
        let start = out.len();
        while (out.len() - start) / 6 < words {
            if out.len() > start {
                out.push(' ');
            }
            self.sentence(out, &mut links);
        }
        if links > 0 {
            out.push_str(" See ");
            self.link(out);
            out.push('.');
        }
        out.push_str("\n\n");
    }

    fn words(&mut self, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.rng.pick(WORDS));
        }
        s
    }

    fn post_body(&mut self, code: bool) -> String {
        // A post discusses a few terms and mentions them repeatedly, as explainers do: the
        // bundled site links 13 to 25 distinct terms in 1,700 to 2,300 words, about 7 per 800
        // words. Each post draws its mentions (about 24) from 8 of the 500 terms.
        let n = self.terms.len().max(1);
        if self.dense {
            // 45 distinct terms (all of them on a site with fewer).
            self.focus.clear();
            while self.focus.len() < 45.min(n) {
                let t = self.rng.below(n);
                if !self.focus.contains(&t) {
                    self.focus.push(t);
                }
            }
        } else {
            self.focus = (0..focus_terms()).map(|_| self.rng.below(n)).collect();
        }
        self.mentioned = 0;
        let mut out = String::with_capacity(8000);
        self.paragraph(&mut out, 90, 0);
        let _ = write!(out, "## {}\n\n", self.rng.pick(HEADINGS));
        self.paragraph(&mut out, 90, 1);
        self.paragraph(&mut out, 80, 0);
        for _ in 0..5 {
            out.push_str("- ");
            let s = self.words(8);
            out.push_str(&s);
            out.push('\n');
        }
        out.push('\n');
        let _ = write!(out, "## {}\n\n", self.rng.pick(HEADINGS));
        self.paragraph(&mut out, 90, 1);
        out.push_str("| Year | Measure | Status | Note |\n|---:|---|---|---|\n");
        for _ in 0..5 {
            let year = 1960 + self.rng.below(65);
            let (a, b, c) = (self.words(2), self.words(1), self.words(4));
            let _ = writeln!(out, "| {year} | {a} | {b} | {c} |");
        }
        out.push('\n');
        let _ = write!(out, "### {}\n\n", self.rng.pick(HEADINGS));
        for i in 1..=4 {
            let s = self.words(9);
            let _ = writeln!(out, "{i}. {s}");
        }
        out.push('\n');
        if code {
            self.paragraph(&mut out, 30, 0);
            code_block(&mut self.rng, &mut out);
        }
        let _ = write!(out, "## {}\n\n", self.rng.pick(HEADINGS));
        self.paragraph(&mut out, 90, 1);
        self.paragraph(&mut out, 80, 0);
        if self.dense {
            let _ = write!(out, "## {}\n\n", self.rng.pick(HEADINGS));
            self.paragraph(&mut out, 100, 1);
            self.paragraph(&mut out, 100, 0);
            self.paragraph(&mut out, 90, 0);
        }
        out.push_str("> ");
        self.paragraph(&mut out, 40, 0);
        self.paragraph(&mut out, 70, 0);
        out
    }
}

/// The Japanese edition of a content file: its own title and description (and a term's
/// summary and aliases) over the same body. It models the page count and each language's
/// work, not Japanese prose.
fn translation(text: &str) -> String {
    let body = text.splitn(3, "+++\n").nth(2).unwrap_or("");
    // What a translation holds: its title and description (text is never taken from the
    // original: without its own, a page's description is its first paragraph), and a term's
    // summary and aliases (its own names).
    let own = |l: &&str| {
        ["title = ", "description = ", "summary = ", "aliases = "]
            .iter()
            .any(|k| l.starts_with(k))
    };
    let front: Vec<&str> = text
        .lines()
        .skip(1)
        .take_while(|l| *l != "+++")
        .filter(own)
        .collect();
    format!("+++\n{}\n+++\n{body}", front.join("\n"))
}

/// Writes `text` at `rel`, and its Japanese edition beside it when `translated`.
fn write_content(root: &Path, rel: &str, text: &str, translated: bool) -> io::Result<()> {
    write(root, rel, text)?;
    if translated {
        let ja = rel.strip_suffix(".md").map(|stem| format!("{stem}.ja.md"));
        write(root, &ja.expect("a Markdown file"), &translation(text))?;
    }
    Ok(())
}

fn write(root: &Path, rel: &str, text: &str) -> io::Result<()> {
    let p = root.join(rel);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(p, text)
}

fn date_of(i: usize) -> String {
    // Spread over 1950..2025 with day precision; always a valid calendar date.
    let year = 1950 + (i * 7919) % 75;
    let month = 1 + (i * 31) % 12;
    let day = 1 + (i * 17) % 28;
    format!("{year:04}-{month:02}-{day:02}")
}

/// Writes the kaisetsu site and, if `hugo` is given, the Hugo site for the same spec.
pub(crate) fn generate(spec: Spec, kaisetsu: &Path, hugo: Option<&Path>) -> io::Result<()> {
    let mut terms = term_names();
    if spec.dense {
        terms.truncate(spec.term_count());
    }
    for (root, flavor) in [(Some(kaisetsu), Flavor::Kaisetsu), (hugo, Flavor::Hugo)] {
        let Some(root) = root else { continue };
        if root.exists() {
            fs::remove_dir_all(root)?;
        }
        // The same seed for both flavors, so both sites hold the same prose.
        let mut p = Prose {
            rng: Rng(0x6b61_6973_6574_7375),
            terms: &terms,
            pages: spec.pages,
            flavor,
            focus: Vec::new(),
            dense: spec.dense,
            mentioned: 0,
        };
        write_site(spec, root, &mut p, &terms)?;
    }
    Ok(())
}

fn section(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndescription = \"The {title} section of the benchmark site.\"\n+++\n\n{body}\n")
}

fn write_site(
    spec: Spec,
    root: &Path,
    p: &mut Prose<'_>,
    terms: &[(String, String, Option<String>)],
) -> io::Result<()> {
    let hugo = p.flavor == Flavor::Hugo;
    if hugo {
        write(root, "hugo.toml", HUGO_CONFIG)?;
        for (name, text) in HUGO_LAYOUTS {
            write(root, &format!("layouts/_default/{name}"), text)?;
        }
    } else if spec.translated {
        let config = format!("{KAISETSU_CONFIG}\n[languages.ja]\ntitle = \"ベンチマーク\"\n");
        write(root, "config.toml", &config)?;
    } else {
        write(root, "config.toml", KAISETSU_CONFIG)?;
    }
    let tr = spec.translated && !hugo;
    let mut intro = String::new();
    p.paragraph(&mut intro, 80, 0);
    let posts = if spec.dense { "Section index" } else { "Posts" };
    for (rel, title) in [
        ("content/_index.md", "Benchmark site"),
        ("content/posts/_index.md", posts),
        ("content/glossary/_index.md", "Glossary"),
        ("content/timeline/_index.md", "Timeline"),
    ] {
        write_content(root, rel, &section(title, &intro), tr)?;
    }
    if spec.dense {
        for sec in 0..spec.pages.div_ceil(DENSE_SECTION) {
            let rel = format!("content/s{sec:02}/_index.md");
            write_content(root, &rel, &section(&format!("Section {sec}"), &intro), tr)?;
        }
    }
    for i in 0..spec.pages {
        let body = p.post_body(spec.code);
        let title = format!("Post {i}: {}", p.words(4));
        let desc = p.words(14);
        let text = format!(
            "+++\ntitle = \"{title}\"\ndate = \"{}\"\ndescription = \"{desc}\"\n+++\n\n{body}",
            date_of(i)
        );
        let rel = format!("content/{}.md", post_path(i, spec.dense));
        write_content(root, &rel, &text, tr)?;
    }
    if spec.terms {
        for (slug, title, alias) in terms {
            let summary = p.words(16);
            let mut body = String::new();
            p.paragraph(&mut body, 60, 1);
            let key = if hugo { "term_aliases" } else { "aliases" };
            let alias = alias
                .as_ref()
                .map(|a| format!("{key} = [\"{a}\"]\n"))
                .unwrap_or_default();
            let text =
                format!("+++\ntitle = \"{title}\"\n{alias}summary = \"{summary}.\"\n+++\n\n{body}");
            write_content(root, &format!("content/glossary/{slug}.md"), &text, tr)?;
        }
    }
    let tags = ["policy", "law", "industry", "alliance", "budget", "courts"];
    let count = terms.len();
    for i in 0..spec.events() {
        let date = date_of(i * 13 + 5);
        let tag_a = tags[i % tags.len()];
        let tag_b = tags[(i / 6) % tags.len()];
        let tag_list = if tag_a == tag_b {
            format!("\"{tag_a}\"")
        } else {
            format!("\"{tag_a}\", \"{tag_b}\"")
        };
        let term_list = if spec.terms {
            format!(
                "\"{}\", \"{}\"",
                terms[(i * 7) % count].0,
                terms[(i * 11 + 3) % count].0
            )
        } else {
            String::new()
        };
        let mut body = String::new();
        p.paragraph(&mut body, 60, 1);
        let title = format!("Event {i}: {}", p.words(3));
        let text = format!("+++\ntitle = \"{title}\"\ndate = \"{date}\"\ntags = [{tag_list}]\nterms = [{term_list}]\n+++\n\n{body}");
        write_content(
            root,
            &format!("content/timeline/{date}-e{i:03}.md"),
            &text,
            tr,
        )?;
    }
    Ok(())
}
