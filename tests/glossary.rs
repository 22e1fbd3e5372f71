//! Glossary tests (issue 3): the autolinking rules as a readable case table
//! (`tests/specs/glossary.txt`), then term pages, the index, JSON and errors.

mod common;

use common::*;
use scraper::{Html, Selector};

struct Case {
    name: String,
    mode: Option<String>,
    markdown: String,
    expected: Vec<String>,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(repo().join("tests/specs/glossary.txt")).unwrap();
    let mut out = Vec::new();
    for block in text.split("\n### ").skip(1) {
        let (name, rest) = block.split_once('\n').unwrap();
        let (mut input, expected) = rest
            .split_once("\n.\n")
            .unwrap_or_else(|| panic!("case {name}: no '.' line"));
        let mut mode = None;
        if let Some(r) = input.strip_prefix("config: ") {
            let (m, body) = r.split_once('\n').unwrap();
            mode = Some(m.trim().to_string());
            input = body;
        }
        let expected: Vec<String> = expected
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .filter(|l| *l != "(none)")
            .map(str::to_string)
            .collect();
        out.push(Case {
            name: name.trim().to_string(),
            mode,
            markdown: input.to_string(),
            expected,
        });
    }
    out
}

fn term_links(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("main .term-ref").unwrap();
    doc.select(&sel)
        .map(|a| {
            format!(
                "{} -> {}",
                a.text().collect::<String>(),
                a.value()
                    .attr("href")
                    .and_then(|h| h.trim_end_matches('/').rsplit('/').next())
                    .unwrap_or("?")
            )
        })
        .collect()
}

fn compile_page(t: &SiteTest) -> std::collections::BTreeMap<String, Vec<u8>> {
    use kaisetsu::output::Output;
    let site = kaisetsu::compile(&kaisetsu::BuildOptions {
        root: t.root().to_path_buf(),
        ..Default::default()
    })
    .unwrap_or_else(|e| match e {
        kaisetsu::error::Error::Content(d) => panic!(
            "{}",
            d.0.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
        e => panic!("{e}"),
    });
    let mem = kaisetsu::output::MemoryOutput::default();
    for f in site.files {
        mem.put(f).unwrap();
    }
    mem.into_map().unwrap()
}

#[test]
fn autolinking_follows_every_rule_in_the_case_table() {
    let cases = cases();
    assert!(cases.len() >= 20, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let t = SiteTest::from_fixture("glossary");
        if let Some(m) = &case.mode {
            t.write(
                "config.toml",
                &format!("title = \"g\"\nbase_url = \"/\"\n[glossary]\nautolink = \"{m}\"\n"),
            );
        }
        t.write(
            "content/page.md",
            &format!("+++\ntitle = \"Page\"\n+++\n\n{}\n", case.markdown),
        );
        let files = compile_page(&t);
        let html = String::from_utf8_lossy(&files["page/index.html"]).into_owned();
        let got = term_links(&html);
        if got != case.expected {
            failures.push(format!(
                "{}:\n  expected {:?}\n  got      {:?}",
                case.name, case.expected, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn per_page_switch_turns_automatic_links_off_but_keeps_explicit_ones() {
    let t = SiteTest::from_fixture("glossary");
    t.write(
        "content/page.md",
        "+++\ntitle = \"Page\"\nglossary_autolink = false\n+++\n\nSDF and [[article-9]].\n",
    );
    let files = compile_page(&t);
    assert_eq!(
        term_links(&String::from_utf8_lossy(&files["page/index.html"])),
        ["Article 9 -> article-9"]
    );
}

#[test]
fn a_term_is_never_linked_to_itself_on_its_own_page_but_others_are() {
    let t = SiteTest::from_fixture("glossary");
    t.write("content/glossary/self-defense-forces.md", "+++\ntitle = \"Self-Defense Forces\"\naliases = [\"SDF\"]\nsummary = \"Forces.\"\n+++\n\nThe SDF and Article 9.\n");
    let files = compile_page(&t);
    let links = term_links(&String::from_utf8_lossy(
        &files["glossary/self-defense-forces/index.html"],
    ));
    assert_eq!(links, ["Article 9 -> article-9"]);
}

#[test]
fn mentions_carry_an_accessible_summary_that_works_without_script() {
    let t = SiteTest::from_fixture("glossary");
    t.write(
        "content/page.md",
        "+++\ntitle = \"Page\"\n+++\n\nAbout Article 9.\n",
    );
    let files = compile_page(&t);
    let doc = Html::parse_document(&String::from_utf8_lossy(&files["page/index.html"]));
    let a = doc
        .select(&Selector::parse("main a.term-ref").unwrap())
        .next()
        .unwrap();
    assert_eq!(a.value().attr("href"), Some("/glossary/article-9/"));
    let tip_id = a.value().attr("aria-describedby").unwrap();
    let tip = doc
        .select(&Selector::parse(&format!("#{tip_id}")).unwrap())
        .next()
        .unwrap();
    assert_eq!(tip.value().attr("role"), Some("tooltip"));
    assert_eq!(
        tip.text().collect::<String>(),
        "The constitutional clause renouncing war."
    );
    let css = String::from_utf8_lossy(&files["style.css"]).into_owned();
    assert!(
        css.contains(":hover") && css.contains(":focus-within") && css.contains(".term-tip"),
        "tooltips need CSS hover and focus rules"
    );
}

#[test]
fn term_pages_list_where_they_are_mentioned_with_section_links() {
    let t = SiteTest::from_fixture("glossary");
    t.write("content/page.md", "+++\ntitle = \"Explainer\"\n+++\n\n## Today\n\nThe SDF now.\n\n## Background\n\nThe SDF began.\n");
    t.build_ok();
    let term = t.read("glossary/self-defense-forces/index.html");
    let today = term.find("href=\"/page/#today\"").expect("link to #today");
    let background = term
        .find("href=\"/page/#background\"")
        .expect("link to #background");
    assert!(today < background, "sections are listed in document order");
    assert!(term.contains("自衛隊") && term.contains("Jieitai"));
    assert!(
        term.contains("href=\"/glossary/article-9/\""),
        "related term missing"
    );
    assert!(
        term.contains("\"@type\": \"DefinedTerm\"") || term.contains("\"@type\":\"DefinedTerm\""),
        "DefinedTerm JSON-LD missing"
    );
}

#[test]
fn the_index_lists_terms_a_to_z_with_letters_and_json_describes_them() {
    let t = SiteTest::from_fixture("glossary");
    t.write("content/page.md", "+++\ntitle = \"Page\"\n+++\n\nSDF, Article 9, Defense Equipment, Three Principles, collective self-defense, Three Principles on Transfer of Defense Equipment and Technology.\n");
    t.build_ok();
    let index = t.read("glossary/index.html");
    let positions: Vec<usize> = [
        "Article 9",
        "Collective self-defense",
        "Defense Equipment",
        "Self-Defense Forces",
        "Three Principles",
    ]
    .iter()
    .map(|s| {
        index
            .find(&format!(">{s}<"))
            .unwrap_or_else(|| panic!("{s}"))
    })
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(index.contains("href=\"#letter-a\"") && index.contains("id=\"letter-a\""));
    assert!(index.contains("The 1967 export rules."));
    let json: serde_json::Value = serde_json::from_str(&t.read("glossary.json")).unwrap();
    let sdf = json
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["slug"] == "self-defense-forces")
        .unwrap();
    assert_eq!(sdf["aliases"], serde_json::json!(["SDF", "JSDF"]));
    assert_eq!(sdf["ja"], "自衛隊");
    assert_eq!(sdf["url"], "/glossary/self-defense-forces/");
    assert_eq!(sdf["summary"], "Japan's armed forces.");
}

#[test]
fn unknown_references_point_at_their_place_with_a_suggestion() {
    let t = SiteTest::from_fixture("glossary");
    t.write(
        "content/page.md",
        "+++\ntitle = \"Page\"\n+++\n\nFirst line.\nSee [[artcle-9]] here.\n",
    );
    let out = t.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/page.md:6:5: error: unknown glossary term \"artcle-9\""),
        "{err}"
    );
    assert!(err.contains("did you mean Article 9 (article-9)?"), "{err}");
}

#[test]
fn one_alias_on_two_terms_is_an_error_naming_both_files() {
    let t = SiteTest::from_fixture("glossary");
    t.write(
        "content/glossary/article-9.md",
        "+++\ntitle = \"Article 9\"\naliases = [\"SDF\"]\nsummary = \"x\"\n+++\n",
    );
    let err = stderr(&t.run(&["check"]));
    assert!(err.contains("is used by two terms"), "{err}");
    assert!(
        err.contains("content/glossary/self-defense-forces.md")
            && err.contains("content/glossary/article-9.md"),
        "{err}"
    );
}

#[test]
fn unmentioned_terms_are_a_warning_not_an_error() {
    let t = SiteTest::from_fixture("glossary");
    let out = t.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("warning: glossary term \"Defense Equipment\" is not mentioned on any page"),
        "{}",
        stderr(&out)
    );
}
