//! Zola's `insert_anchor_links` (issue 20): links from headings to themselves, set by a
//! section for itself and its pages or site-wide in `[markdown]`, placed `left`, `right` or
//! around the heading's text, and followed by the dev server as a clean build would.

mod common;

use common::*;

const CONFIG: &str = "title = \"Z\"\nbase_url = \"/\"\n";

fn site(extra: &[(&str, &str)]) -> SiteTest {
    site_with_home(CONFIG, extra)
}

/// `(class, href, text)` of each link in the body's `h2`s of `page`, and the headings' texts.
fn heading_links(t: &SiteTest, page: &str) -> (Vec<(String, String, String)>, Vec<String>) {
    let html = t.html(page);
    let sel = scraper::Selector::parse(".content h2 a").unwrap();
    let links = html
        .select(&sel)
        .map(|a| {
            let attr = |n: &str| a.value().attr(n).unwrap_or("").to_string();
            (attr("class"), attr("href"), a.text().collect::<String>())
        })
        .collect();
    (links, texts(&html, ".content h2"))
}

#[test]
fn insert_anchor_links_links_headings_to_themselves_as_zola_places_them() {
    let body = "## Plain one\n\nText.\n\n## With [a link](https://example.org/)\n";
    let t = site(&[
        (
            "content/left/_index.md",
            "+++\ntitle = \"L\"\ninsert_anchor_links = \"left\"\n+++\n",
        ),
        (
            "content/left/p.md",
            &format!("+++\ntitle = \"P\"\n+++\n{body}"),
        ),
        (
            "content/right/_index.md",
            "+++\ntitle = \"R\"\ninsert_anchor_links = \"right\"\n+++\n",
        ),
        (
            "content/right/p.md",
            &format!("+++\ntitle = \"P\"\n+++\n{body}"),
        ),
        (
            "content/whole/_index.md",
            "+++\ntitle = \"H\"\ninsert_anchor_links = \"heading\"\n+++\n",
        ),
        (
            "content/whole/p.md",
            &format!("+++\ntitle = \"P\"\n+++\n{body}"),
        ),
        ("content/plain/_index.md", "+++\ntitle = \"N\"\n+++\n"),
        (
            "content/plain/p.md",
            &format!("+++\ntitle = \"P\"\n+++\n{body}"),
        ),
    ]);
    t.build_ok();
    let anchor = |href: &str| {
        (
            "heading-anchor".to_string(),
            href.to_string(),
            "#".to_string(),
        )
    };
    let (links, heads) = heading_links(&t, "left/p/index.html");
    assert_eq!(links[0], anchor("#plain-one"));
    assert_eq!(heads[0], "# Plain one");
    let (links, heads) = heading_links(&t, "right/p/index.html");
    assert_eq!(links[0], anchor("#plain-one"));
    assert_eq!(heads[0], "Plain one #");
    // `heading`: the text is the link, except where the heading holds a link (no nesting).
    let (links, heads) = heading_links(&t, "whole/p/index.html");
    assert_eq!(
        links[0],
        (
            "heading-link".into(),
            "#plain-one".into(),
            "Plain one".into()
        )
    );
    assert_eq!(heads[0], "Plain one");
    assert_eq!(links[1], anchor("#with-a-link"), "falls back to `left`");
    let (links, _) = heading_links(&t, "plain/p/index.html");
    assert_eq!(links.len(), 1, "only the heading's own link: {links:?}");
    // The link is named by its heading, and the sign is hidden from assistive technology.
    let page = t.read("left/p/index.html");
    assert!(
        page.contains("<a class=\"heading-anchor\" href=\"#plain-one\" aria-labelledby=\"plain-one\"><span aria-hidden=\"true\">#</span></a>"),
        "{page}"
    );

    // Site-wide (Zola 0.22's `[markdown] insert_anchor_links`), unless a section says otherwise.
    t.write(
        "config.toml",
        &format!("{CONFIG}[markdown]\ninsert_anchor_links = \"right\"\n"),
    );
    t.edit("content/left/_index.md", "\"left\"", "\"none\"");
    t.build_ok();
    assert_eq!(heading_links(&t, "plain/p/index.html").1[0], "Plain one #");
    assert_eq!(heading_links(&t, "left/p/index.html").0.len(), 1);

    // On a page it is an error that says where it belongs.
    t.write(
        "content/plain/q.md",
        "+++\ntitle = \"Q\"\ninsert_anchor_links = \"left\"\n+++\nQ.\n",
    );
    let err = stderr(&t.run(&["build"]));
    assert!(
        err.contains(
            "content/plain/q.md:3:1: error: unknown front-matter key `insert_anchor_links`"
        ),
        "{err}"
    );
    assert!(err.contains("set it in the section's `_index.md`"), "{err}");
}

#[test]
fn the_dev_server_follows_a_sections_anchor_links_as_a_clean_build_would() {
    let t = site(&[
        ("content/notes/_index.md", "+++\ntitle = \"Notes\"\n+++\n"),
        (
            "content/notes/p.md",
            "+++\ntitle = \"P\"\n+++\n## One\n\nText.\n",
        ),
    ]);
    let mut served = common::quick::Served::new(&t);
    t.edit(
        "content/notes/_index.md",
        "title = \"Notes\"\n",
        "title = \"Notes\"\ninsert_anchor_links = \"left\"\n",
    );
    served.step(&t, Some(&["content/notes/_index.md"]), "anchors on");
    assert!(served.changed.contains(&"notes/p/index.html".to_string()));
    let page = String::from_utf8_lossy(&served.files["notes/p/index.html"]).to_string();
    assert!(
        page.contains("class=\"heading-anchor\" href=\"#one\""),
        "{page}"
    );
}
