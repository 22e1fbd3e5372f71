//! Sources and citations (issue 6): numbered references, the per-page list, the site-wide
//! `/sources/` page, and errors for unknown ids.

mod common;

use common::*;

const PAGE: &str = "+++\ntitle = \"Cited\"\n\n[[sources]]\nid = \"mofa\"\ntitle = \"Three Principles\"\npublisher = \"Ministry of Foreign Affairs\"\ndate = \"2014-04-01\"\nurl = \"https://www.mofa.go.jp/x\"\n\n[[sources]]\nid = \"kyodo\"\ntitle = \"Report\"\npublisher = \"Kyodo News\"\ndate = \"2025-11-19\"\nurl = \"https://example.org/kyodo\"\n+++\n\nFirst claim [@kyodo]. Second claim [@mofa; @kyodo]. Not a citation: [@ nope].\n";

fn site() -> SiteTest {
    SiteTest::from_files(&[
        ("config.toml", "title = \"S\"\nbase_url = \"/\"\n"),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\n[page](@/cited.md), [other](@/other.md)\n"),
        ("content/cited.md", PAGE),
        ("content/other.md", "+++\ntitle = \"Other\"\n[[sources]]\nid = \"k\"\ntitle = \"Report\"\npublisher = \"Kyodo News\"\ndate = \"\"\nurl = \"https://example.org/kyodo\"\n+++\n\nAgain [@k].\n"),
    ])
}

#[test]
fn citations_are_numbered_in_order_and_link_to_the_sources_list() {
    let t = site();
    t.build_ok();
    let page = t.html("cited/index.html");
    assert_eq!(texts(&page, "main sup.cite a"), ["1", "2", "1"]);
    assert_eq!(
        attrs(&page, "main sup.cite a", "href"),
        ["#source-kyodo", "#source-mofa", "#source-kyodo"]
    );
    assert_eq!(
        texts(&page, "#sources-heading"),
        ["Sources"],
        "the list has its heading"
    );
    let ids = attrs(&page, "[id^=source-]", "id");
    assert_eq!(
        ids,
        ["source-kyodo", "source-mofa"],
        "sources list in citation order"
    );
    assert!(
        t.read("cited/index.html").contains("[@ nope]"),
        "malformed markers stay text"
    );
    let report = check_links(&t.public(), "/");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
}

#[test]
fn the_sources_page_groups_by_publisher_with_citing_pages() {
    let t = site();
    t.build_ok();
    let s = t.read("sources/index.html");
    let kyodo = s.find("Kyodo News").unwrap();
    let mofa = s.find("Ministry of Foreign Affairs").unwrap();
    assert!(kyodo < mofa, "publishers A–Z");
    assert_eq!(
        s.matches("https://example.org/kyodo").count(),
        1,
        "one entry per source URL"
    );
    assert!(
        s.contains("href=\"/cited/\"") && s.contains("href=\"/other/\""),
        "citing pages listed"
    );
}

#[test]
fn unknown_citations_are_errors_and_unused_sources_warnings() {
    let t = site();
    t.write("content/other.md", "+++\ntitle = \"Other\"\n[[sources]]\nid = \"k\"\ntitle = \"R\"\npublisher = \"P\"\ndate = \"\"\nurl = \"u\"\n+++\n\nAgain [@kk].\n");
    let out = t.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/other.md:11:8: error: unknown citation `[@kk]`"),
        "{err}"
    );
    assert!(err.contains("did you mean `k`?"), "{err}");
    assert!(
        err.contains("content/other.md:4:6: warning: source `k` is listed but never cited"),
        "{err}"
    );
}

#[test]
fn a_japanese_title_carries_its_language_on_the_page_and_the_sources_page() {
    let page = "+++\ntitle = \"Cited\"\n[[sources]]\nid = \"jiji\"\ntitle = \"防衛装備移転三原則を改定\"\npublisher = \"Jiji Press\"\nlang = \"ja\"\nurl = \"https://example.org/jiji\"\n[[sources]]\nid = \"en\"\ntitle = \"Report\"\npublisher = \"Kyodo News\"\nurl = \"https://example.org/en\"\n+++\n\nA claim [@jiji]. Another [@en].\n";
    let t = SiteTest::from_files(&[
        ("config.toml", "title = \"S\"\nbase_url = \"/\"\n"),
        (
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\n\n[page](@/cited.md)\n",
        ),
        ("content/cited.md", page),
    ]);
    t.build_ok();
    for file in ["cited/index.html", "sources/index.html"] {
        let html = t.html(file);
        let ja = attrs(&html, "a[href=\"https://example.org/jiji\"]", "lang");
        assert_eq!(ja, ["ja"], "{file}");
        let en = attrs(&html, "a[href=\"https://example.org/en\"]", "lang");
        assert!(
            en.is_empty(),
            "{file}: no lang on a title in the site's language"
        );
    }
}
