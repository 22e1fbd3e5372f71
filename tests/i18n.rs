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
    // A bundle's translation shares its files.
    let bundle = t.html("ja/notes/bundle/index.html");
    assert_eq!(
        attrs(&bundle, "main img", "src"),
        ["/notes/bundle/diagram.svg"]
    );
    assert!(!t.public().join("ja/notes/bundle/diagram.svg").exists());
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
fn a_site_template_still_gets_every_translation() {
    // The default theme reads `hreflang_links` and `language_switch`; a theme that loops over
    // `translations` gets the whole list, the current language included.
    let t = SiteTest::from_fixture("i18n/basic");
    t.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% import \"macros.html\" as m %}{% block content %}\
         <p id=\"tr\">{% for t in translations %}[{{ t.lang }} {{ t.url }} {{ t.permalink }} \
         {{ t.current }} {{ t.missing }} {{ t.default }}]{% endfor %}</p>{{ page.content | safe }}\
         {{ m::sources(sources=page.sources, i18n=i18n) }}{% endblock content %}",
    );
    t.build_ok();
    let first_line = |p: &str| {
        one(&t.html(p), "#tr")
            .replace("<p id=\"tr\">", "")
            .replace("</p>", "")
    };
    assert_eq!(
        first_line("ja/notes/one/index.html"),
        "[en /notes/one/ /notes/one/ false false true][ja /ja/notes/one/ /ja/notes/one/ true false false]"
    );
    assert_eq!(
        first_line("notes/two/index.html"),
        "[en /notes/two/ /notes/two/ true false true][ja /ja/ /ja/ false true false]"
    );
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

#[test]
fn japanese_pages_write_dates_the_japanese_way() {
    let t = built();
    let ja = t.html("ja/timeline/index.html");
    let times = texts(&ja, "main time");
    for want in [
        "1950年",
        "1967年4月21日",
        "1983年11月",
        "2014年4月1日",
        "2016年3月29日",
    ] {
        assert!(times.iter().any(|x| x == want), "{want} in {times:?}");
    }
    let range = t.read("ja/timeline/2014-04-01-transfer-rules/index.html");
    assert!(
        range.contains("2014年4月1日</time><span class=\"range-sep\">〜</span><time datetime=\"2016-03-29\">2016年3月29日</time>"),
        "{range}"
    );
    assert!(texts(&ja, "main h2").iter().any(|h| h == "1960年代"));
    // English is unchanged.
    let en = t.html("timeline/index.html");
    let times = texts(&en, "main time");
    for want in ["1950", "21 April 1967", "November 1983"] {
        assert!(times.iter().any(|x| x == want), "{want} in {times:?}");
    }
    assert!(t
        .read("timeline/2014-04-01-transfer-rules/index.html")
        .contains("<span class=\"range-sep\"> – </span>"));
}

#[test]
fn japanese_text_is_read_by_characters() {
    let t = SiteTest::from_fixture("i18n/basic");
    let body = "日本語の文章である。".repeat(200); // 2,000 characters
    let words = "word ".repeat(2000);
    let front = "+++\ntitle = \"Long\"\ndate = 2024-01-01\n+++";
    t.write("content/notes/long.md", &format!("{front}\n\n{words}\n"));
    t.write(
        "content/notes/long.ja.md",
        &format!("+++\ntitle = \"長文\"\n+++\n\n{body}\n"),
    );
    t.build_ok();
    let ja = t.read("ja/notes/long/index.html");
    assert!(
        ja.contains("4分で読めます"),
        "2,000 characters read in about 4 minutes"
    );
    let en = t.read("notes/long/index.html");
    assert!(en.contains("10 min read"), "2,000 words at 220 a minute");
}

#[test]
fn no_english_interface_text_on_japanese_pages() {
    let t = built();
    let en: toml::Table = toml::from_str(
        &std::fs::read_to_string(repo().join("themes/default/i18n/en.toml")).unwrap(),
    )
    .unwrap();
    let english: Vec<&str> = en
        .values()
        .filter_map(|v| v.as_str())
        .map(|s| s.split("{n}").max_by_key(|p| p.len()).unwrap().trim())
        .filter(|s| s.len() > 3 && s.chars().any(|c| c.is_ascii_lowercase()))
        .collect();
    for page in [
        "ja/index.html",
        "ja/notes/one/index.html",
        "ja/glossary/index.html",
        "ja/glossary/collective-self-defense/index.html",
        "ja/timeline/index.html",
        "ja/timeline/1967-04-21-three-principles/index.html",
        "ja/sources/index.html",
    ] {
        let doc = t.html(page);
        let mut html: String = texts(&doc, "body").join(" ");
        html.push_str(&attrs(&doc, "[aria-label]", "aria-label").join(" "));
        html.push_str(&texts(&doc, "title").join(" "));
        for s in &english {
            let whole = |i: usize| {
                let before = html[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
                let after = html[i + s.len()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                !before && !after
            };
            let shown = html.match_indices(s).any(|(i, _)| whole(i));
            assert!(!shown, "{page} shows the English interface string {s:?}");
        }
    }
}

#[test]
fn site_strings_override_the_theme_and_missing_ones_fall_back_with_a_warning() {
    let t = SiteTest::from_fixture("i18n/basic");
    t.write("i18n/ja.toml", "back_to_top = \"上へ戻る\"\n");
    t.edit(
        "config.toml",
        "[languages.ja]",
        "[languages.fr]\ntitle = \"Politique\"\n\n[languages.ja]",
    );
    t.write("i18n/fr.toml", "skip_to_main = \"Aller au contenu\"\n");
    t.write("content/_index.fr.md", "+++\ntitle = \"Politique\"\n+++\n");
    let out = t.build_ok();
    let err = stderr(&out);
    assert!(
        err.contains("interface string `back_to_top` has no `fr` translation"),
        "{err}"
    );
    assert!(!err.contains("has no `ja` translation"), "{err}");
    assert!(t.read("ja/index.html").contains("上へ戻る"));
    let fr = t.read("fr/index.html");
    assert!(fr.contains("Aller au contenu") && fr.contains("Back to top"));
}

#[test]
fn japanese_pages_link_japanese_term_names_to_the_terms_of_their_language() {
    let t = built();
    let ja = t.html("ja/notes/one/index.html");
    let link = |slug: &str| format!("main a.term-ref[href$='/{slug}/']");
    // Translated term: the Japanese page, the Japanese summary; the longest name wins
    // (集団的自衛権 over the untranslated 自衛権).
    assert_eq!(
        attrs(&ja, &link("collective-self-defense"), "href"),
        ["/ja/glossary/collective-self-defense/"]
    );
    assert_eq!(
        texts(&ja, &link("collective-self-defense")),
        ["集団的自衛権"]
    );
    assert!(attrs(&ja, &link("self-defense"), "href").is_empty());
    let tip = one(&ja, "main a[href$='/collective-self-defense/'] + .term-tip");
    assert!(
        tip.contains("同盟国への攻撃") && !tip.contains("lang="),
        "{tip}"
    );
    // Aliases of the translation are names too.
    assert_eq!(texts(&ja, &link("transfer-principles")), ["移転三原則"]);
    assert_eq!(texts(&ja, &link("security-treaty")), ["日米安保条約"]);
    // Untranslated term: its English page (hreflang) and English summary (lang="en").
    let sel = link("individual-self-defense");
    assert_eq!(
        attrs(&ja, &sel, "href"),
        ["/glossary/individual-self-defense/"]
    );
    assert_eq!(attrs(&ja, &sel, "hreflang"), ["en"]);
    let tip = one(&ja, "main a[href$='/individual-self-defense/'] + .term-tip");
    assert!(
        tip.contains("lang=\"en\"") && tip.contains("Defending oneself"),
        "{tip}"
    );
    // English pages keep English names and English pages.
    let en = t.html("notes/one/index.html");
    assert_eq!(
        attrs(&en, &link("collective-self-defense"), "href"),
        ["/glossary/collective-self-defense/"]
    );
}

#[test]
fn mentioned_in_lists_are_per_language() {
    let t = built();
    let ja = t.html("ja/glossary/collective-self-defense/index.html");
    let hrefs = attrs(&ja, "aside a", "href");
    assert!(hrefs.contains(&"/ja/notes/one/".to_string()), "{hrefs:?}");
    assert!(!hrefs.contains(&"/notes/one/".to_string()), "{hrefs:?}");
    let en = t.html("glossary/collective-self-defense/index.html");
    let hrefs = attrs(&en, "aside a", "href");
    assert!(hrefs.contains(&"/notes/one/".to_string()), "{hrefs:?}");
    assert!(hrefs.iter().all(|h| !h.starts_with("/ja/")), "{hrefs:?}");
    // An English page linked from a Japanese one lists only English pages.
    let two = t.html("notes/two/index.html");
    let hrefs = attrs(&two, "aside a", "href");
    assert!(hrefs.iter().all(|h| !h.starts_with("/ja/")), "{hrefs:?}");
    let term = t.html("glossary/individual-self-defense/index.html");
    let hrefs = attrs(&term, "aside a", "href");
    assert!(hrefs.iter().all(|h| !h.starts_with("/ja/")), "{hrefs:?}");
}

#[test]
fn the_japanese_glossary_is_in_gojuon_order_by_kana_row() {
    let t = built();
    let ja = t.html("ja/glossary/index.html");
    assert_eq!(
        texts(&ja, "h2.letter-heading"),
        ["さ", "な", "は", "英字"],
        "rows of しゅうだん…, にちべい…, ぼうえい…, then Latin-script names"
    );
    let ids = attrs(&ja, "h2.letter-heading", "id");
    assert_eq!(ids, ["kana-sa", "kana-na", "kana-ha", "latin"]);
    let titles = texts(&ja, "main .letter-group a[href^='/ja/glossary/']");
    let order: Vec<&str> = [
        "集団的自衛権",
        "日米安全保障条約",
        "防衛装備移転三原則",
        "GCAP",
    ]
    .into_iter()
    .filter(|x| titles.iter().any(|t| t == x))
    .collect();
    let positions: Vec<usize> = order
        .iter()
        .map(|x| titles.iter().position(|t| t == x).unwrap())
        .collect();
    assert_eq!(order.len(), 4, "{titles:?}");
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{titles:?}");
    // Only Japanese terms are listed.
    assert!(!ja.html().contains("Individual self-defense"));
}

#[test]
fn check_reports_missing_and_outdated_translations() {
    let t = SiteTest::from_fixture("i18n/basic");
    let out = t.run(&["check"]);
    assert!(out.status.success());
    let err = stderr(&out);
    let missing: Vec<&str> = err.lines().filter(|l| l.contains("translation")).collect();
    assert!(
        err.contains("content: warning: 4 of 16 documents have no `ja` translation (`kaisetsu check --verbose` lists them)"),
        "{err}"
    );
    assert!(
        err.contains("content/notes/one.ja.md:3:1: warning: translation may be out of date: content/notes/one.md was updated 2024-06-01, this translation 2024-05-15"),
        "{err}"
    );
    assert_eq!(
        missing.len(),
        2,
        "one line per language, one per outdated file: {err}"
    );
    let out = t.run(&["--verbose", "check"]);
    let err = stderr(&out);
    for page in [
        "notes/two.md",
        "glossary/self-defense.md",
        "glossary/_index.md",
    ] {
        let line = format!("content/{page}: warning: no `ja` translation");
        assert!(err.contains(&line), "{line} in {err}");
    }
    // `build` does not report them.
    let err = stderr(&t.build_ok());
    assert!(
        !err.contains("no `ja` translation") && !err.contains("out of date"),
        "{err}"
    );
}
