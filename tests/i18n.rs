//! Bilingual sites (issue 14): translations beside their originals (`name.ja.md`), their URLs
//! under `/ja/`, `<html lang>`, alternates, the language switch, links that fall back to the
//! default language with `hreflang`, feeds per language, and the errors of the contract.

mod common;

use common::*;
use scraper::{Html, Selector};

fn built() -> SiteTest {
    let t = SiteTest::from_fixture("i18n/basic");
    t.build_ok();
    t
}

fn one(doc: &Html, css: &str) -> String {
    let sel = Selector::parse(css).unwrap();
    let el = doc.select(&sel).next();
    el.unwrap_or_else(|| panic!("no {css}")).html()
}

#[test]
fn a_translation_is_published_under_its_language_and_only_there() {
    let t = built();
    for page in [
        "ja/index.html",
        "ja/notes/index.html",
        "ja/notes/one/index.html",
    ] {
        assert!(t.public().join(page).is_file(), "{page}");
    }
    let event = "ja/timeline/1967-04-21-three-principles/index.html";
    assert!(t.public().join(event).is_file());
    assert!(t
        .public()
        .join("ja/glossary/collective-self-defense/index.html")
        .is_file());
    // A page without a translation is not generated in that language.
    assert!(!t.public().join("ja/notes/two").exists());
    assert!(!t
        .public()
        .join("ja/glossary/individual-self-defense")
        .exists());
    // Translations are not English pages.
    assert!(!t.public().join("notes/one.ja").exists());
    let ja = t.html("ja/notes/one/index.html");
    assert_eq!(attrs(&ja, "html", "lang"), ["ja"]);
    assert_eq!(
        attrs(&t.html("notes/one/index.html"), "html", "lang"),
        ["en"]
    );
    assert_eq!(texts(&ja, "h1"), ["最初のノート"]);
}

#[test]
fn a_translation_takes_language_neutral_fields_and_sources_from_its_original() {
    let t = built();
    // The event's date comes from the original; the page's sources too (cited as [@s1]).
    let event = t.read("ja/timeline/1967-04-21-three-principles/index.html");
    assert!(event.contains("1967-04-21"), "date inherited");
    let ja = t.html("ja/notes/one/index.html");
    let cited = texts(&ja, "a[href='https://example.org/decision']");
    assert!(!cited.is_empty(), "the inherited source is listed");
    // Section listings are per language.
    let notes = t.html("ja/notes/index.html");
    assert_eq!(
        attrs(&notes, "main a[href='/ja/notes/one/']", "href").len(),
        1
    );
    assert!(!notes.html().contains("The second note"));
}

#[test]
fn links_go_to_the_same_language_or_fall_back_with_hreflang() {
    let t = built();
    let ja = t.html("ja/notes/one/index.html");
    // The English-only page: the default language's URL, marked with hreflang.
    assert_eq!(attrs(&ja, "main a[href='/notes/two/']", "hreflang"), ["en"]);
    // Translated targets: the Japanese version, no hreflang.
    let event = "main a[href='/ja/timeline/1967-04-21-three-principles/']";
    assert_eq!(attrs(&ja, event, "href").len(), 1);
    assert!(attrs(&ja, event, "hreflang").is_empty());
    let anchor = "main a[href='/ja/notes/one/#the-background']";
    assert_eq!(attrs(&ja, anchor, "href").len(), 1);
    let home = t.html("ja/index.html");
    assert_eq!(
        attrs(&home, "main a[href='/ja/notes/one/']", "href").len(),
        1
    );
    // English pages never link to Japanese ones.
    let en = t.read("notes/two/index.html");
    assert!(!en.contains("href=\"/ja/notes/one/\"") || en.contains("hreflang=\"ja\""));
}

#[test]
fn every_page_lists_its_alternates_and_switches_language() {
    let t = built();
    let en = t.html("notes/one/index.html");
    let sel = "link[rel='alternate'][hreflang]";
    assert_eq!(attrs(&en, sel, "hreflang"), ["en", "x-default", "ja"]);
    assert_eq!(
        attrs(&en, sel, "href"),
        ["/notes/one/", "/notes/one/", "/ja/notes/one/"]
    );
    let ja = t.html("ja/notes/one/index.html");
    assert_eq!(attrs(&ja, sel, "hreflang"), ["en", "x-default", "ja"]);
    // The switch goes to this page's translation, with lang and hreflang.
    let switch = one(&en, ".lang-switch a");
    assert!(switch.contains("href=\"/ja/notes/one/\""), "{switch}");
    assert!(switch.contains("lang=\"ja\"") && switch.contains("hreflang=\"ja\""));
    let back = one(&ja, ".lang-switch a");
    assert!(back.contains("href=\"/notes/one/\"") && back.contains("hreflang=\"en\""));
    // Without a translation: the other language's home page, said as such; no alternates.
    let two = t.html("notes/two/index.html");
    assert_eq!(attrs(&two, sel, "hreflang"), ["en", "x-default"]);
    let switch = one(&two, ".lang-switch a");
    assert!(switch.contains("href=\"/ja/\""), "{switch}");
    assert_eq!(texts(&two, ".lang-switch .lang-missing").len(), 1);
    // Generated pages have their counterpart too.
    let glossary = t.html("ja/glossary/index.html");
    assert_eq!(attrs(&glossary, ".lang-switch a", "href"), ["/glossary/"]);
}

#[test]
fn feeds_and_data_exist_per_language_and_the_sitemap_lists_alternates() {
    let t = built();
    let atom = t.read("ja/atom.xml");
    assert!(atom.contains("最初のノート") && !atom.contains("The second note"));
    assert!(!t.read("atom.xml").contains("最初のノート"));
    let glossary = t.read("ja/glossary.json");
    assert!(glossary.contains("集団的自衛権") && glossary.contains("/ja/glossary/"));
    assert!(t.read("ja/timeline.json").contains("武器輸出三原則の表明"));
    let sitemap = t.read("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(
        sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"ja\" href=\"/ja/notes/one/\"/>")
    );
    assert!(sitemap.contains("<loc>/ja/notes/one/</loc>"));
}

#[test]
fn a_translation_without_an_original_is_an_error() {
    let t = SiteTest::from_fixture("i18n/basic");
    t.write("content/notes/three.ja.md", "+++\ntitle = \"三\"\n+++\n");
    let out = t.run(&["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("content/notes/three.ja.md")
            && err.contains("translation of content/notes/three.md, which does not exist"),
        "{err}"
    );
}

#[test]
fn language_tables_are_checked_at_their_line() {
    let t = SiteTest::from_fixture("i18n/basic");
    t.edit(
        "config.toml",
        "description = \"日本語の説明。\"",
        "descripton = \"x\"",
    );
    let err = stderr(&t.run(&["build"]));
    assert!(err.contains("config.toml:7:1"), "{err}");
    assert!(
        err.contains("unknown key `languages.ja.descripton`"),
        "{err}"
    );
    assert!(err.contains("did you mean `description`?"), "{err}");
    let t = SiteTest::from_fixture("i18n/basic");
    t.edit("config.toml", "[languages.ja]", "[languages.\"ja_JP\"]");
    let err = stderr(&t.run(&["build"]));
    assert!(err.contains("is not a language tag"), "{err}");
}
