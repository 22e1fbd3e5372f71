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

/// A dated post whose summary is marked: two paragraphs and a list item before the marker.
const MARKED: &str = "+++\ntitle = \"Marked\"\ndate = 2024-05-02\n+++\n\nFirst *part*.\n\n\
## Early {#early}\n\nSecond part.\n\n<!-- more -->\n\nAfter the fold.\n";

fn summary_site() -> SiteTest {
    SiteTest::from_files(&[
        ("config.toml", &config("")),
        HOME,
        ("content/posts/_index.md", "+++\ntitle = \"Posts\"\n+++\n"),
        ("content/posts/marked.md", MARKED),
        (
            "content/posts/plain.md",
            "+++\ntitle = \"Plain\"\ndate = 2024-05-01\n+++\n\nOnly this.\n\nNot this.\n",
        ),
    ])
}

#[test]
fn the_more_marker_ends_the_summary_in_listings_and_writes_nothing_on_the_page() {
    let t = summary_site();
    t.build_ok();
    let listing = t.html("posts/index.html");
    let cards = texts(&listing, ".card .card-text");
    assert_eq!(cards.len(), 2, "{cards:?}");
    let marked = &cards[0];
    assert!(
        marked.contains("First part.") && marked.contains("Second part."),
        "{marked}"
    );
    assert!(!marked.contains("After the fold"), "{marked}");
    assert_eq!(texts(&listing, ".card .card-text em"), ["part"]);
    // The heading before the marker is shown without its id: it belongs to its page.
    assert_eq!(texts(&listing, ".card h2"), ["Early"]);
    assert!(attrs(&listing, ".card h2", "id").is_empty());
    // Without a marker the summary is still the first paragraph.
    assert!(cards[1].contains("Only this.") && !cards[1].contains("Not this."));
    let page = t.read("posts/marked/index.html");
    assert!(!page.to_lowercase().contains("more -->"), "{page}");
    let doc = t.html("posts/marked/index.html");
    let body = texts(&doc, "main p").join(" ");
    assert!(body.contains("Second part.") && body.contains("After the fold."));
}

#[test]
fn the_atom_feed_carries_the_marked_summary_as_html() {
    let t = summary_site();
    t.build_ok();
    let feed = t.read("atom.xml");
    let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
    assert_eq!(entries.len(), 2, "{feed}");
    let marked = entries.iter().find(|e| e.contains("Marked")).unwrap();
    let start = marked.find("<summary type=\"html\">").expect("a summary") + 21;
    let escaped = &marked[start..marked[start..].find("</summary>").unwrap() + start];
    let html = scraper::Html::parse_fragment(&html_unescape(escaped));
    assert_eq!(texts(&html, "em"), ["part"]);
    assert_eq!(texts(&html, "p").len(), 2, "{escaped}");
    assert!(!escaped.contains("After the fold"), "{escaped}");
    let plain = entries.iter().find(|e| e.contains("Plain")).unwrap();
    assert!(
        !plain.contains("<summary"),
        "no marker, no description: {plain}"
    );
}

/// The text of an XML element, its five escapes undone.
fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}
