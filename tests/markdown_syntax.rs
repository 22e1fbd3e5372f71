//! kaisetsu's own Markdown syntax as a readable case table (`tests/specs/syntax.txt`).
//! See: issues/16 (escaped citations, explicit heading ids, percent-encoded links).

mod common;

use common::*;
use kaisetsu::error::{Diagnostic, Error, Severity};
use scraper::{Html, Selector};

/// The case page's front matter: two sources; the body starts on the line after it.
const FRONT: &str = "+++\ntitle = \"Case\"\n[[sources]]\nid = \"a\"\ntitle = \"A\"\n[[sources]]\nid = \"kaisetsu\"\ntitle = \"K\"\n+++\n";

struct Case {
    name: String,
    markdown: String,
    expected: Vec<String>,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(repo().join("tests/specs/syntax.txt")).unwrap();
    text.split("\n### ")
        .skip(1)
        .map(|block| {
            let (name, rest) = block.split_once('\n').unwrap();
            let (input, expected) = rest
                .split_once("\n.\n")
                .unwrap_or_else(|| panic!("case {name}: no '.' line"));
            Case {
                name: name.trim().to_string(),
                markdown: input.to_string(),
                expected: expected
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
            }
        })
        .collect()
}

/// A diagnostic of content/case.md as the case table writes it.
fn case_line(d: &Diagnostic) -> String {
    let body_line = d.location.line - FRONT.lines().count();
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("{kind}: {body_line}:{}: {}", d.location.col, d.message)
}

/// The case's content HTML, one trimmed line each, or its diagnostics.
fn run(case: &Case) -> Vec<String> {
    let t = SiteTest::from_files(&[
        (
            "config.toml",
            "title = \"S\"\nbase_url = \"/\"\n[markdown]\nsmart_punctuation = false\n",
        ),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
        (
            "content/my page.md",
            "+++\ntitle = \"Spaced\"\n+++\n\n# Top\n",
        ),
        ("content/case.md", &format!("{FRONT}{}", case.markdown)),
    ]);
    let opts = kaisetsu::BuildOptions {
        root: t.root().to_path_buf(),
        ..Default::default()
    };
    let diagnostics = |list: Vec<Diagnostic>| -> Vec<String> {
        list.iter()
            .filter(|d| {
                d.location.path == "content/case.md" && d.location.line > FRONT.lines().count()
            })
            .map(case_line)
            .collect()
    };
    let site = match kaisetsu::compile(&opts) {
        Ok(site) => site,
        Err(Error::Content(d)) => return diagnostics(d.0),
        Err(e) => panic!("{e}"),
    };
    let warnings = diagnostics(site.warnings.clone());
    if !warnings.is_empty() {
        return warnings;
    }
    let page = site
        .files
        .iter()
        .find(|f| f.path == "case/index.html")
        .expect("the case page is built");
    let kaisetsu::output::Contents::Bytes(bytes) = &page.contents else {
        panic!("the page is rendered bytes")
    };
    let html = String::from_utf8(bytes.to_vec()).unwrap();
    let doc = Html::parse_document(&html);
    let content = doc
        .select(&Selector::parse(".content").unwrap())
        .next()
        .expect("a .content element")
        .inner_html();
    content
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn syntax_cases() {
    let mut failures = Vec::new();
    for case in cases() {
        let got = run(&case);
        if got != case.expected {
            failures.push(format!(
                "### {}\nexpected:\n{}\ngot:\n{}",
                case.name,
                case.expected.join("\n"),
                got.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
