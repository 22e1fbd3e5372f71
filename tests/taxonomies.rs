//! Taxonomies as Zola has them (issue 20): `taxonomies = [{ name, feed, paginate_by, render }]`
//! in config.toml, `[taxonomies]` (or `tags`) in front matter, pages `/tags/` and
//! `/tags/<term>/` with pagers and an Atom feed, per language, in templates and in the dev
//! server's incremental compiles. Checked on built output.

mod common;

use common::quick::{how, Served};
use common::*;

const CONFIG: &str = "title = \"Tax\"\nbase_url = \"/sub/\"\n\
taxonomies = [\n  { name = \"tags\", feed = true, paginate_by = 2 },\n  { name = \"categories\" },\n]\n";

fn post(title: &str, date: &str, tags: &str, extra: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\ntags = [{tags}]\n{extra}+++\nText of {title}.\n"
    )
}

/// Four posts tagged `rust` (one writes `Rust`), one also `web`, a draft tagged `rust`, a
/// post in category `guides`, and an event tagged `rust`.
fn site() -> SiteTest {
    let files = [
        ("config.toml", CONFIG.to_string()),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n".into()),
        (
            "content/posts/_index.md",
            "+++\ntitle = \"Posts\"\n+++\n".into(),
        ),
        (
            "content/posts/a.md",
            post("Alpha", "2024-01-01", "\"rust\"", ""),
        ),
        (
            "content/posts/b.md",
            post("Beta", "2024-03-01", "\"Rust\", \"web\"", ""),
        ),
        (
            "content/posts/c.md",
            post("Gamma", "2024-02-01", "\"rust\"", ""),
        ),
        (
            "content/posts/d.md",
            post(
                "Delta",
                "2023-12-01",
                "",
                "[taxonomies]\ncategories = [\"guides\"]\n",
            ),
        ),
        (
            "content/posts/e.md",
            post("Draft", "2024-04-01", "\"rust\"", "draft = true\n"),
        ),
        (
            "content/posts/f.md",
            post("Unwritten", "2024-04-02", "\"rust\"", "render = false\n"),
        ),
        (
            "content/timeline/2024-05-01-release.md",
            "+++\ntitle = \"Release\"\ndate = 2024-05-01\ntags = [\"rust\"]\n+++\nIt shipped.\n"
                .into(),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    SiteTest::from_files(&files)
}

#[test]
fn a_taxonomy_lists_its_terms_and_each_term_its_pages_over_pagers() {
    let t = site();
    t.build_ok();
    let list = t.html("tags/index.html");
    assert_eq!(texts(&list, "h1"), ["Tags"]);
    assert_eq!(
        texts(&list, ".taxonomy-terms a"),
        ["rust (4)", "web (1)"],
        "`Rust` and `rust` are one term (one slug); the draft and the page with `render = false` \
         are not listed"
    );
    assert_eq!(
        attrs(&list, ".taxonomy-terms a", "href"),
        ["/sub/tags/rust/", "/sub/tags/web/"]
    );
    // Newest first, two to a pager; the event is a page of the term too.
    let first = t.html("tags/rust/index.html");
    let second = t.html("tags/rust/page/2/index.html");
    assert_eq!(texts(&first, ".card-title a"), ["Release", "Beta"]);
    assert_eq!(texts(&second, ".card-title a"), ["Gamma", "Alpha"]);
    assert!(!t.public().join("tags/rust/page/3").exists());
    assert_eq!(
        attrs(&first, "link[rel=next]", "href"),
        ["/sub/tags/rust/page/2/"]
    );
    assert_eq!(
        attrs(&second, "link[rel=prev]", "href"),
        ["/sub/tags/rust/"]
    );
    assert_eq!(texts(&first, "h1"), ["rust"]);
    assert!(texts(&first, ".lede")[0].starts_with("4 pages under “rust”."));
    // The event's tag is also its timeline topic: one vocabulary, the term page links to it.
    assert_eq!(
        attrs(&first, ".taxonomy-timeline", "href"),
        ["/sub/timeline/topics/rust/"]
    );
    assert!(attrs(&t.html("tags/web/index.html"), ".taxonomy-timeline", "href").is_empty());
    // The term's feed: linked from its page, listing its dated pages (events are not entries).
    assert_eq!(
        attrs(
            &first,
            "link[type='application/atom+xml'][href$='rust/atom.xml']",
            "href"
        ),
        ["/sub/tags/rust/atom.xml"]
    );
    let feed = t.read("tags/rust/atom.xml");
    // Titled with the term after the site's title, as Zola's term feeds are; the home feed
    // keeps the site's.
    let title = feed
        .split("<title>")
        .nth(1)
        .and_then(|s| s.split("</title>").next());
    let site_title = t.read("atom.xml");
    let site_title = site_title
        .split("<title>")
        .nth(1)
        .and_then(|s| s.split("</title>").next());
    assert_eq!(
        title,
        site_title.map(|s| format!("{s} · rust")).as_deref(),
        "{feed}"
    );
    let entries: Vec<&str> = feed
        .match_indices("<entry>")
        .map(|(i, _)| &feed[i..])
        .collect();
    assert_eq!(entries.len(), 3, "{feed}");
    assert!(entries[0].contains("<title>Beta</title>"), "{feed}");
    assert!(
        !feed.contains("Delta") && !feed.contains("Draft") && !feed.contains("Unwritten"),
        "{feed}"
    );
    // `categories` has no feed and no pagers.
    assert!(t.public().join("categories/guides/index.html").is_file());
    assert!(!t.public().join("categories/guides/atom.xml").exists());
    let sitemap = t.read("sitemap.xml");
    for loc in [
        "/sub/tags/",
        "/sub/tags/rust/page/2/",
        "/sub/categories/guides/",
    ] {
        assert!(
            sitemap.contains(&format!("{loc}</loc>")),
            "{loc}: {sitemap}"
        );
    }
    let report = check_links(&t.public(), "/sub/");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
}

#[test]
fn a_page_links_its_terms_in_each_taxonomy() {
    let t = site();
    t.build_ok();
    let beta = t.html("posts/b/index.html");
    assert_eq!(texts(&beta, ".page-taxonomies dt"), ["Tags"]);
    assert_eq!(
        attrs(&beta, ".page-taxonomies a", "href"),
        ["/sub/tags/rust/", "/sub/tags/web/"]
    );
    let delta = t.html("posts/d/index.html");
    assert_eq!(texts(&delta, ".page-taxonomies dt"), ["Categories"]);
    assert_eq!(texts(&delta, ".page-taxonomies a"), ["guides"]);
}

#[test]
fn a_site_template_replaces_one_taxonomys_pages_and_render_false_writes_none() {
    let t = site();
    t.write(
        "templates/tags/single.html",
        "<!DOCTYPE html><html lang=\"en\"><title>{{ taxonomy_term.name }}</title><p id=\"n\">{{ taxonomy.name }}:{{ taxonomy_term.name }}:{{ taxonomy_term.count }}:{{ paginator.number_pagers }}</p></html>\n",
    );
    t.edit(
        "config.toml",
        "{ name = \"categories\" }",
        "{ name = \"categories\", render = false }",
    );
    t.build_ok();
    assert_eq!(
        texts(&t.html("tags/rust/index.html"), "#n"),
        ["tags:rust:4:2"]
    );
    assert_eq!(
        texts(&t.html("tags/index.html"), "h1"),
        ["Tags"],
        "list.html is the theme's"
    );
    assert!(!t.public().join("categories").exists());
    let delta = t.html("posts/d/index.html");
    assert_eq!(texts(&delta, ".page-taxonomies li"), ["guides"]);
    assert!(
        attrs(&delta, ".page-taxonomies a", "href").is_empty(),
        "no page to link to"
    );
}

#[test]
fn taxonomy_problems_are_errors_at_their_line() {
    let t = site();
    t.write(
        "config.toml",
        "title = \"Tax\"\ntaxonomies = [\n  { name = \"tags\", paginate_path = \"p\" },\n  { name = \"tags\" },\n  { feed = true },\n  { name = \"a b\", paginate_by = 0 },\n]\n",
    );
    let out = t.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for (at, what) in [
        ("config.toml:3:20", "unknown key `taxonomies.paginate_path`"),
        ("config.toml:4:12", "taxonomy `tags` is declared twice"),
        ("config.toml:5:3", "a taxonomy has no `name`"),
        (
            "config.toml:6:12",
            "taxonomy name `a b` is not usable in a URL",
        ),
        ("config.toml:6:19", "`paginate_by` of a taxonomy is 0"),
    ] {
        assert!(
            err.contains(&format!("{at}: error: {what}")),
            "{what}: {err}"
        );
    }

    // One edit each: (file, text, replaced by, the error it gives).
    for (file, from, to, want) in [
        (
            "config.toml",
            "{ name = \"categories\" }",
            "{ name = \"glossary\" }",
            "config.toml:5:12: error: taxonomy `glossary` would write its pages into /glossary/",
        ),
        (
            "content/posts/a.md",
            "tags = [\"rust\"]",
            "tags = [\"rust\", \"++\"]",
            "content/posts/a.md:4:17: error: `++` in `tags` has no letter or digit",
        ),
    ] {
        let edited = site();
        edited.edit(file, from, to);
        let err = stderr(&edited.run(&["check"]));
        assert!(err.contains(want), "{err}");
    }

    let clash = site();
    clash.write("content/tags/_index.md", "+++\ntitle = \"My tags\"\n+++\n");
    let out = clash.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "content/tags/_index.md:1:1: error: /tags/ is generated by the taxonomy `tags`"
        ),
        "{err}"
    );
}

#[test]
fn each_language_has_its_own_taxonomy_pages_linked_to_each_other() {
    let t = site();
    t.write(
        "config.toml",
        &format!("{CONFIG}[languages.ja]\ntitle = \"税\"\n"),
    );
    t.write("content/_index.ja.md", "+++\ntitle = \"ホーム\"\n+++\n");
    t.write("content/posts/_index.ja.md", "+++\ntitle = \"記事\"\n+++\n");
    t.write(
        "content/posts/a.ja.md",
        "+++\ntitle = \"アルファ\"\n+++\n本文。\n",
    );
    t.build_ok();
    let ja = t.html("ja/tags/rust/index.html");
    assert_eq!(attrs(&ja, "html", "lang"), ["ja"]);
    assert_eq!(texts(&ja, ".kicker a"), ["タグ"]);
    assert_eq!(
        texts(&ja, ".card-title a"),
        ["アルファ"],
        "the translation keeps its tags"
    );
    assert_eq!(
        attrs(&ja, ".lang-switch a", "href"),
        ["/sub/tags/rust/"],
        "the switch goes to the term's page in English"
    );
    let en = t.html("tags/web/index.html");
    assert_eq!(
        attrs(&en, ".lang-switch a", "href"),
        ["/sub/ja/"],
        "no Japanese page lists `web`: the switch goes to the Japanese home page"
    );
    let report = check_links(&t.public(), "/sub/");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
}

#[test]
fn the_dev_server_adds_and_removes_term_pages_as_a_clean_build_would() {
    let t = site();
    let mut served = Served::new(&t);
    assert!(!served.files.contains_key("tags/go/index.html"));
    // A body edit takes the quick path, and re-renders the term pages listing its summary.
    t.edit("content/posts/a.md", "Text of Alpha.", "Alpha, reworded.");
    let w = served.step(&t, Some(&["content/posts/a.md"]), "summary edit");
    how(w, true, true, "summary edit");
    assert!(served
        .changed
        .contains(&"tags/rust/page/2/index.html".to_string()));
    t.edit(
        "content/posts/c.md",
        "tags = [\"rust\"]",
        "tags = [\"rust\", \"go\"]",
    );
    served.step(&t, Some(&["content/posts/c.md"]), "new term");
    assert!(served.files.contains_key("tags/go/index.html"));
    assert!(served.files.contains_key("tags/go/atom.xml"));
    t.edit(
        "content/posts/c.md",
        "tags = [\"rust\", \"go\"]",
        "tags = [\"go\"]",
    );
    served.step(&t, Some(&["content/posts/c.md"]), "rust loses a page");
    let pager = &served.files["tags/rust/page/2/index.html"];
    let pager = scraper::Html::parse_document(&String::from_utf8_lossy(pager));
    assert_eq!(
        texts(&pager, ".card-title a"),
        ["Alpha"],
        "three pages: one on pager 2"
    );
    t.edit("content/posts/c.md", "tags = [\"go\"]", "tags = []");
    served.step(&t, Some(&["content/posts/c.md"]), "term gone");
    assert!(!served.files.contains_key("tags/go/index.html"));
    assert!(served.changed.contains(&"tags/go/index.html".to_string()));
}

#[test]
fn terms_keep_their_script_or_take_zolas_ascii_slugs() {
    let files = |slugify: &str| {
        let config = format!("title = \"S\"\ntaxonomies = [{{ name = \"tags\" }}]\n{slugify}");
        SiteTest::from_files(&[
            ("config.toml", config.as_str()),
            ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
            (
                "content/a.md",
                "+++\ntitle = \"A\"\ntags = [\"读书\", \"集団的自衛権\"]\n+++\nA.\n",
            ),
        ])
    };
    let unicode = files("");
    unicode.build_ok();
    assert_eq!(
        attrs(&unicode.html("a/index.html"), ".page-taxonomies a", "href"),
        ["/tags/读书/", "/tags/集団的自衛権/"]
    );
    let zola = files("[slugify]\ntaxonomies = \"on\"\n");
    zola.build_ok();
    let links = attrs(&zola.html("a/index.html"), ".page-taxonomies a", "href");
    assert_eq!(
        links[0], "/tags/du-shu/",
        "Zola's default: transliterated to ASCII"
    );
    assert!(links[1].is_ascii(), "{links:?}");
    for l in &links {
        let page = zola.public().join(l.trim_matches('/')).join("index.html");
        assert!(page.is_file(), "{l}");
    }
}
