//! Authoring (issue 18): callouts, figures and share previews, built from fixture sites
//! under `tests/fixtures/authoring/` and checked on the parsed HTML.

mod common;

use common::*;
use scraper::{Html, Selector};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel).collect()
}

fn text(e: &scraper::ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_callout_kind_renders_as_an_aside_with_label_and_decorative_icon() {
    let t = SiteTest::from_fixture("authoring/callouts");
    t.build_ok();
    let doc = t.html("notes/kinds/index.html");
    let asides = select(&doc, "main aside.callout");
    let classes: Vec<String> = asides
        .iter()
        .map(|a| a.value().attr("class").unwrap().to_string())
        .collect();
    assert_eq!(
        classes,
        [
            "callout callout-note",
            "callout callout-tip",
            "callout callout-important",
            "callout callout-warning",
            "callout callout-caution",
            "callout callout-note",
            "callout callout-tip",
        ]
    );
    let labels = texts(&doc, "aside.callout .callout-label");
    assert_eq!(
        labels,
        [
            "Note",
            "Tip",
            "Important",
            "Warning",
            "Caution",
            "Note",
            "Tip"
        ]
    );
    for a in &asides {
        assert_eq!(a.value().attr("role"), Some("note"));
        let icon = a
            .select(&Selector::parse(".callout-icon").unwrap())
            .next()
            .expect("an icon");
        assert_eq!(icon.value().attr("aria-hidden"), Some("true"));
    }
    // Glossary terms are linked inside callouts.
    let first = &asides[0];
    assert!(
        first.inner_html().contains("glossary/export-rules/"),
        "{}",
        first.inner_html()
    );
    // The ordinary quote stays a quote, the marker in code stays code.
    assert_eq!(select(&doc, "main blockquote").len(), 1);
    assert!(text(&select(&doc, "main pre")[0]).contains("[!BOGUS]"));
}

#[test]
fn callout_titles_are_inline_markdown_and_end_with_their_line() {
    let t = SiteTest::from_fixture("authoring/callouts");
    t.build_ok();
    let doc = t.html("notes/kinds/index.html");
    let asides = select(&doc, "main aside.callout");
    let titled = &asides[5];
    let heading = select(&doc, "aside.callout .callout-heading");
    assert_eq!(heading.len(), 2);
    assert_eq!(text(&heading[0]), "What the law says");
    assert_eq!(heading[0].inner_html(), "What <em>the law</em> says");
    let paras = texts(&doc, "aside.callout:nth-of-type(6) p");
    assert!(titled.inner_html().contains("changed in 2014"));
    assert!(
        !text(&heading[0]).contains("2014"),
        "the title stops at the line's end: {paras:?}"
    );
    assert_eq!(text(&heading[1]), "Lower case");
    assert!(asides[6].inner_html().contains("<p>Second paragraph.</p>"));
}

#[test]
fn japanese_sites_get_japanese_callout_labels() {
    let t = SiteTest::from_fixture("authoring/callouts");
    t.edit("config.toml", "base_url", "language = \"ja\"\nbase_url");
    t.build_ok();
    let doc = t.html("notes/kinds/index.html");
    let labels = texts(&doc, "aside.callout .callout-label");
    assert_eq!(
        labels,
        ["注記", "ヒント", "重要", "警告", "注意", "注記", "ヒント"]
    );
}

#[test]
fn an_unknown_callout_kind_is_an_error_with_its_position_and_a_suggestion() {
    let t = SiteTest::from_fixture("authoring/callouts");
    t.write(
        "content/notes/bogus.md",
        "+++\ntitle = \"Bogus\"\n+++\n\nText.\n\n> [!WARNNG]\n> Careful.\n",
    );
    let out = t.run(&["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("content/notes/bogus.md:7:3: error: unknown callout kind [!WARNNG]"),
        "{err}"
    );
    assert!(err.contains("did you mean [!WARNING]?"), "{err}");
}

#[test]
fn a_titled_image_alone_in_its_paragraph_is_a_figure_with_a_markdown_caption() {
    let t = SiteTest::from_fixture("authoring/figures");
    t.build_ok();
    let doc = t.html("notes/chart/index.html");
    let figures = select(&doc, "main figure");
    assert_eq!(figures.len(), 1);
    let img = select(&doc, "main figure > img")[0];
    assert_eq!(img.value().attr("alt"), Some("Export rules over time"));
    assert_eq!(img.value().attr("src"), Some("/sub/notes/chart/rules.svg"));
    assert_eq!(img.value().attr("title"), None);
    assert_eq!(
        (img.value().attr("width"), img.value().attr("height")),
        (Some("400"), Some("200")),
        "SVG sizes come from the viewBox"
    );
    let caption = select(&doc, "main figure > figcaption")[0];
    assert_eq!(
        caption.inner_html(),
        "The rules <em>over time</em>, 1967 to 2026"
    );
    // A titled image with words around it stays an image with its title.
    let inline = select(&doc, "main p img[title]");
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].value().attr("title"), Some("Not a figure"));
}

#[test]
fn images_get_their_files_dimensions_and_all_but_the_first_load_lazily() {
    let t = SiteTest::from_fixture("authoring/figures");
    t.build_ok();
    let doc = t.html("notes/chart/index.html");
    let imgs = select(&doc, "main img");
    let info: Vec<_> = imgs
        .iter()
        .map(|i| {
            let a = |n| i.value().attr(n).map(str::to_string);
            (
                a("src").unwrap(),
                a("width"),
                a("height"),
                a("loading"),
                a("decoding"),
            )
        })
        .collect();
    let lazy = || (Some("lazy".to_string()), Some("async".to_string()));
    assert_eq!(info[0].0, "/sub/notes/chart/photo.png");
    assert_eq!(
        (info[0].1.as_deref(), info[0].2.as_deref()),
        (Some("12"), Some("8"))
    );
    assert_eq!(
        (info[0].3.clone(), info[0].4.clone()),
        (None, None),
        "the first image loads at once"
    );
    assert_eq!(info[1].0, "/sub/img/share.png");
    assert_eq!(
        (info[1].1.as_deref(), info[1].2.as_deref()),
        (Some("20"), Some("10"))
    );
    for i in &info[1..] {
        assert_eq!((i.3.clone(), i.4.clone()), lazy(), "{i:?}");
    }
    assert_eq!(info.len(), 4);
}

fn meta(doc: &Html, key: &str) -> Option<String> {
    let css = format!("meta[property=\"{key}\"], meta[name=\"{key}\"]");
    attrs(doc, &css, "content").into_iter().next()
}

fn json_ld(doc: &Html) -> serde_json::Value {
    let script = select(doc, "script[type=\"application/ld+json\"]");
    assert_eq!(script.len(), 1);
    let text: String = script[0].text().collect();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn share_previews_carry_absolute_urls_and_the_nearest_image() {
    let t = SiteTest::from_fixture("authoring/share");
    t.build_ok();
    let page = t.html("notes/explainer/index.html");
    let m = |k| meta(&page, k);
    assert_eq!(m("og:title").as_deref(), Some("An </script> explainer"));
    assert_eq!(m("og:description").as_deref(), Some("What changed & why."));
    assert_eq!(
        m("og:url").as_deref(),
        Some("https://example.org/sub/notes/explainer/")
    );
    assert_eq!(m("og:type").as_deref(), Some("article"));
    assert_eq!(m("og:site_name").as_deref(), Some("Share fixture"));
    assert_eq!(m("og:locale").as_deref(), Some("en_US"));
    assert_eq!(m("twitter:card").as_deref(), Some("summary_large_image"));
    assert_eq!(
        m("og:image").as_deref(),
        Some("https://example.org/sub/notes/explainer/card.png")
    );
    assert_eq!(m("og:image:alt").as_deref(), Some("A grey card"));
    assert!(t.public().join("notes/explainer/card.png").is_file());

    // No image of its own: the section's, then the site's default.
    let plain = t.html("notes/plain/index.html");
    assert_eq!(
        meta(&plain, "og:image").as_deref(),
        Some("https://example.org/sub/notes/notes-card.png")
    );
    assert_eq!(
        meta(&plain, "og:image:alt").as_deref(),
        Some("A card for the notes")
    );
    assert_eq!(meta(&plain, "og:type").as_deref(), Some("website"));
    let about = t.html("about/index.html");
    assert_eq!(
        meta(&about, "og:image").as_deref(),
        Some("https://example.org/sub/img/share.png")
    );
    assert_eq!(
        meta(&about, "og:image:alt").as_deref(),
        Some("The site's logo")
    );
    assert!(t.public().join("img/share.png").is_file());
}

#[test]
fn dated_pages_and_events_carry_json_ld_with_dates_and_language() {
    let t = SiteTest::from_fixture("authoring/share");
    t.edit("config.toml", "base_url", "language = \"ja\"\nbase_url");
    t.build_ok();
    let page = t.html("notes/explainer/index.html");
    assert_eq!(meta(&page, "og:locale").as_deref(), Some("ja_JP"));
    let ld = json_ld(&page);
    assert_eq!(ld["@type"], "Article");
    assert_eq!(ld["headline"], "An </script> explainer");
    assert_eq!(ld["datePublished"], "2024-03-01");
    assert_eq!(ld["dateModified"], "2024-04-02");
    assert_eq!(ld["inLanguage"], "ja");
    assert_eq!(
        ld["image"],
        "https://example.org/sub/notes/explainer/card.png"
    );
    let event = t.html("timeline/2014-04-01-new-rules/index.html");
    let ld = json_ld(&event);
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["startDate"], "2014-04-01");
    assert_eq!(ld["inLanguage"], "ja");
    assert!(select(
        &t.html("about/index.html"),
        "script[type=\"application/ld+json\"]"
    )
    .is_empty());
}

#[test]
fn a_missing_share_image_is_an_error() {
    let t = SiteTest::from_fixture("authoring/share");
    t.edit(
        "content/notes/plain.md",
        "+++\n\nText",
        "image = \"nope.png\"\n+++\n\nText",
    );
    let out = t.run(&["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(
            "content/notes/plain.md:4:1: error: share image not found: content/notes/nope.png"
        ),
        "{err}"
    );

    let t = SiteTest::from_fixture("authoring/share");
    t.edit("config.toml", "img/share.png", "img/missing.png");
    let out = t.run(&["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("share image not found: static/img/missing.png"),
        "{err}"
    );
}

#[test]
fn built_in_and_site_shortcodes_render_with_their_arguments() {
    let t = SiteTest::from_fixture("authoring/shortcodes");
    t.build_ok();
    let doc = t.html("notes/codes/index.html");
    let badge = select(&doc, "main p span.badge");
    assert_eq!(badge.len(), 1, "an inline shortcode stays in its paragraph");
    assert_eq!(text(&badge[0]), "new [a] [2]");
    assert_eq!(badge[0].value().attr("data-n"), Some("3"));
    assert_eq!(badge[0].value().attr("data-on"), Some("true"));

    let iframe = select(&doc, "main .sc-video iframe")[0];
    assert_eq!(
        iframe.value().attr("src"),
        Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    );
    assert_eq!(iframe.value().attr("loading"), Some("lazy"));
    assert_eq!(iframe.value().attr("title"), Some("A talk"));
    let link = attrs(&doc, "main .sc-video a", "href");
    assert_eq!(link, ["https://www.youtube.com/watch?v=dQw4w9WgXcQ"]);

    let img = select(&doc, "main figure.sc-figure img")[0];
    assert_eq!(img.value().attr("src"), Some("/sub/img/share.png"));
    assert_eq!(img.value().attr("alt"), Some("A grey box"));
    let caption = text(&select(&doc, "main figure.sc-figure figcaption")[0]);
    assert_eq!(caption, "A caption Photo: us Source");

    let card = select(&doc, "main .sc-term")[0];
    assert_eq!(
        attrs(&doc, "main .sc-term a", "href"),
        ["/sub/glossary/export-rules/"]
    );
    assert!(text(&card).contains("The rules on arms exports."));

    // Shortcodes in code are text; no placeholder is left anywhere.
    let code = texts(&doc, "main code");
    assert!(
        code.iter().any(|c| c.contains("{{ badge(label=\"x\") }}")),
        "{code:?}"
    );
    assert!(code
        .iter()
        .any(|c| c.contains("{% details(summary=\"x\") %}")));
    assert!(!t.read("notes/codes/index.html").contains("kzsc"));
    assert!(!t.read("notes/index.html").contains("kzsc"));
}

#[test]
fn a_block_shortcode_body_is_markdown_with_glossary_links() {
    let t = SiteTest::from_fixture("authoring/shortcodes");
    t.build_ok();
    let doc = t.html("notes/codes/index.html");
    let details = select(&doc, "main details.sc-details");
    assert_eq!(details.len(), 1);
    assert_eq!(
        texts(&doc, "main details > summary"),
        ["More about the rules"]
    );
    let body = details[0].inner_html();
    assert!(body.contains("<strong>2014</strong>"), "{body}");
    assert!(body.contains("glossary/export-rules/"), "{body}");
    assert_eq!(select(&doc, "main details > p").len(), 2, "{body}");
    assert!(
        select(&doc, "main p details").is_empty(),
        "not inside a paragraph"
    );
}

fn build_error(t: &SiteTest) -> String {
    let out = t.run(&["build"]);
    assert!(!out.status.success());
    stderr(&out)
}

#[test]
fn shortcode_errors_name_their_position() {
    let page = |body: &str| format!("+++\ntitle = \"Bad\"\n+++\n\nText.\n\n{body}\n");
    let cases = [
        ("{{ youtub(id=\"x\") }}", "content/notes/bad.md:7:1: error: unknown shortcode `youtube`"),
        ("{{ youtube(id=) }}", "content/notes/bad.md:7:15: error: bad shortcode: expected a value"),
        ("{% details(summary=\"x\") %}\nBody", "content/notes/bad.md:7:1: error: block shortcode `details` is never closed"),
        ("{{ term(slug=\"export-rule\") }}", "content/notes/bad.md:7:1: error: shortcode `term`: unknown glossary term \"export-rule\""),
        ("Stray {% end %}", "content/notes/bad.md:7:7: error: `{% end %}` without an open block shortcode"),
    ];
    for (body, expected) in cases {
        let t = SiteTest::from_fixture("authoring/shortcodes");
        t.write("content/notes/bad.md", &page(body));
        let err = build_error(&t);
        let expected =
            expected.replace("unknown shortcode `youtube`", "unknown shortcode `youtub`");
        assert!(err.contains(&expected), "{body}:\n{err}");
    }
    let t = SiteTest::from_fixture("authoring/shortcodes");
    t.write("content/notes/bad.md", &page("{{ youtub(id=\"x\") }}"));
    assert!(build_error(&t).contains("did you mean `youtube`?"));

    // An error inside the template names the template and the call.
    let t = SiteTest::from_fixture("authoring/shortcodes");
    t.write("content/notes/bad.md", &page("{{ broken() }}"));
    let err = build_error(&t);
    assert!(err.contains("templates/shortcodes/broken.html"), "{err}");
    assert!(err.contains("content/notes/bad.md:7:1"), "{err}");
}
