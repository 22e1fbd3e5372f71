//! What Zola sites commonly contain, accepted as Zola reads it: Zola's heading ids, blank lines
//! or a BOM before the front matter, and the `<!-- more -->` summary marker.
//! See: issues/20 ("Come over from Zola in one command").

mod common;

use common::*;

const HOME: (&str, &str) = ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");

/// A page whose headings GitHub's and Zola's styles name differently.
const GUIDE: &str = "+++\ntitle = \"Guide\"\n+++\n\n## config.toml\n\n## x86_64\n\n\
## Example\n\n## Example\n\n## Taken {#custom}\n\n## Custom\n\n### Über Café\n";

fn config(markdown: &str) -> String {
    format!("title = \"S\"\nbase_url = \"/\"\n[markdown]\n{markdown}")
}

fn site(markdown: &str, link: &str) -> SiteTest {
    SiteTest::from_files(&[
        ("config.toml", &config(markdown)),
        HOME,
        ("content/guide.md", GUIDE),
        (
            "content/links.md",
            &format!("+++\ntitle = \"Links\"\n+++\n\nSee [it](@/guide.md#{link}).\n"),
        ),
    ])
}

/// The ids of the page's own headings (not the table of contents' title).
fn heading_ids(doc: &scraper::Html) -> Vec<String> {
    attrs(doc, "main h2[id]:not(#toc-heading), main h3[id]", "id")
}

fn build_error(t: &SiteTest) -> String {
    let out = t.run(&["build"]);
    assert!(!out.status.success(), "the build should fail");
    stderr(&out)
}

#[test]
fn zola_heading_ids_are_slugified_numbered_and_used_by_the_toc_and_links() {
    let t = site("heading_ids = \"zola\"\n", "x86-64");
    t.build_ok();
    let doc = t.html("guide/index.html");
    let ids = heading_ids(&doc);
    let expected = [
        "config-toml",
        "x86-64",
        "example",
        "example-1",
        "custom",
        "custom-1",
        "uber-cafe",
    ];
    assert_eq!(ids, expected);
    let toc: Vec<String> = attrs(&doc, "nav.toc a", "href");
    let hrefs: Vec<String> = expected.iter().map(|id| format!("#{id}")).collect();
    assert_eq!(toc, hrefs);
    let links = t.html("links/index.html");
    let hrefs = attrs(&links, "main a", "href");
    assert!(hrefs.contains(&"/guide/#x86-64".to_string()), "{hrefs:?}");
}

#[test]
fn github_heading_ids_stay_the_default() {
    let t = site("", "configtoml");
    t.build_ok();
    let doc = t.html("guide/index.html");
    let ids = heading_ids(&doc);
    let expected = [
        "configtoml",
        "x86_64",
        "example",
        "example-1",
        "custom",
        "custom-1",
        "über-café",
    ];
    assert_eq!(ids, expected);
}

#[test]
fn an_anchor_in_the_other_style_is_a_broken_link() {
    let t = site("heading_ids = \"zola\"\n", "configtoml");
    let err = build_error(&t);
    assert!(err.contains("content/links.md:5:"), "{err}");
    assert!(err.contains("configtoml"), "{err}");
    assert!(
        err.contains("config-toml"),
        "the help should suggest the id: {err}"
    );
}

#[test]
fn an_unknown_heading_ids_value_is_a_config_error_listing_the_choices() {
    let t = site("heading_ids = \"kebab\"\n", "x86-64");
    let err = build_error(&t);
    assert!(
        err.contains("config.toml:4:15: error: invalid value"),
        "{err}"
    );
    assert!(err.contains("help:"), "{err}");
    assert!(
        err.contains("\"github\"") && err.contains("\"zola\""),
        "{err}"
    );
}

/// A BOM and two blank lines before the opening fence, as Zola accepts.
const LEAD: &str = "\u{feff}\n\r\n";

#[test]
fn blank_lines_and_a_bom_before_the_front_matter_are_accepted() {
    let t = SiteTest::from_files(&[
        ("config.toml", &config("")),
        (
            "content/_index.md",
            &format!("{LEAD}+++\ntitle = \"Home\"\n+++\n"),
        ),
        (
            "content/notes/_index.md",
            &format!("{LEAD}---\ntitle: Notes\n---\n\nAll notes.\n"),
        ),
        (
            "content/notes/one.md",
            &format!("{LEAD}+++\ntitle = \"One\"\n+++\n\n## First\n\nText.\n"),
        ),
    ]);
    t.build_ok();
    let doc = t.html("notes/one/index.html");
    assert_eq!(texts(&doc, "main h1"), ["One"]);
    assert_eq!(heading_ids(&doc), ["first"]);
    assert!(!t.read("notes/one/index.html").contains("+++"));
    let notes = t.html("notes/index.html");
    assert_eq!(texts(&notes, "main h1"), ["Notes"]);
}

#[test]
fn errors_after_a_bom_and_blank_lines_keep_their_line_and_column() {
    let page = format!("{LEAD}+++\ntitle = \"One\"\ntitel = 2\n+++\n\nSee [x](@/nope.md).\n");
    let t = SiteTest::from_files(&[
        ("config.toml", &config("")),
        HOME,
        ("content/one.md", &page),
    ]);
    let err = build_error(&t);
    assert!(
        err.contains("content/one.md:5:1: error: unknown front-matter key `titel`"),
        "{err}"
    );
    t.write("content/one.md", &page.replace("titel = 2\n", ""));
    let err = build_error(&t);
    assert!(err.contains("content/one.md:7:5: error:"), "{err}");
}
