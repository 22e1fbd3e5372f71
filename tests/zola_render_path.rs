//! Two of Zola's behaviours (issue 20): `render = false` (a page or section that is not
//! written, listed or linked to, while a section's pages still are), and a page bundle's files
//! copied into the folder of its page's URL, wherever `path` or `slug` puts it, in every
//! language. Every build here also passes the output verifier, which checks each link.

mod common;

use common::*;

const CONFIG: &str = "title = \"Z\"\nbase_url = \"https://example.org/\"\n";
const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n";

fn site(extra: &[(&str, &str)]) -> SiteTest {
    site_with_home(CONFIG, extra)
}

fn search_entries(t: &SiteTest) -> String {
    let entries = std::fs::read_dir(t.public().join("search-index/d")).unwrap();
    let text = entries.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap());
    text.collect()
}

/// A page with `render = false` beside a written one; it links to an event and cites a source.
fn hidden_page_site() -> SiteTest {
    site(&[
        ("content/notes/_index.md", "+++\ntitle = \"Notes\"\n+++\n"),
        (
            "content/notes/kept.md",
            "+++\ntitle = \"Kept zebra\"\ndate = 2024-01-02\n+++\nzebra\n",
        ),
        (
            "content/notes/hidden.md",
            "+++\ntitle = \"Hidden zebra\"\ndate = 2024-01-03\nrender = false\n\n[[sources]]\nid = \"s\"\ntitle = \"A source\"\n+++\nzebra, [the event](@/timeline/e.md) [@s]\n",
        ),
        (
            "content/timeline/e.md",
            "+++\ntitle = \"Event\"\ndate = \"1967\"\n+++\nIt happened.\n",
        ),
    ])
}

#[test]
fn a_page_with_render_false_is_not_written_listed_fed_or_indexed() {
    let t = hidden_page_site();
    t.build_ok();
    assert!(t.public().join("notes/kept/index.html").is_file());
    assert!(!t.public().join("notes/hidden").exists());
    let listed = texts(&t.html("notes/index.html"), ".cards-list .card-title a");
    assert_eq!(listed, ["Kept zebra"]);
    for file in ["sitemap.xml", "atom.xml"] {
        let text = t.read(file);
        assert!(text.contains("/notes/kept/"), "{file}: {text}");
        assert!(!text.contains("/notes/hidden/"), "{file}: {text}");
    }
    let index = search_entries(&t);
    assert!(
        index.contains("Kept zebra") && !index.contains("Hidden"),
        "{index}"
    );
    // Neither the event's backlinks nor the sources page name the page that is not written.
    for page in ["timeline/e/index.html", "sources/index.html"] {
        let text = t.read(page);
        assert!(!text.contains("/notes/hidden/"), "{page}: {text}");
    }
}

#[test]
fn a_link_to_a_page_with_render_false_is_an_error_at_the_link() {
    let t = hidden_page_site();
    t.write(
        "content/notes/kept.md",
        "+++\ntitle = \"Kept\"\n+++\nzebra\n\nSee [the hidden one](@/notes/hidden.md).\n",
    );
    let out = t.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/notes/kept.md:6:5: error: broken internal link: content/notes/hidden.md has `render = false`, so it is not written"),
        "{err}"
    );
    assert!(
        err.contains("help: link to a page that is written, or remove `render = false` from content/notes/hidden.md"),
        "{err}"
    );
    // Redirects to a page that is not written are refused where they are written.
    t.write(
        "content/notes/kept.md",
        "+++\ntitle = \"Kept\"\n+++\nzebra\n",
    );
    t.edit(
        "content/notes/hidden.md",
        "render = false\n",
        "render = false\naliases = [\"/old/\"]\n",
    );
    let err = stderr(&t.run(&["build"]));
    assert!(
        err.contains("content/notes/hidden.md:5:1: error: `aliases` redirects to this page, but it has `render = false`"),
        "{err}"
    );
}

/// A Japanese page's `@/` link to a page whose Japanese translation has `render = false`
/// goes to the original, as when there is no translation (with the original's language).
#[test]
fn a_link_to_a_translation_with_render_false_goes_to_the_original() {
    let t = site(&[
        (
            "config.toml",
            &format!("{CONFIG}\n[languages.ja]\ntitle = \"Z ja\"\n"),
        ),
        ("content/_index.ja.md", "+++\ntitle = \"ホーム\"\n+++\n"),
        (
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n## Part\n\nText.\n",
        ),
        (
            "content/a.ja.md",
            "+++\ntitle = \"エー\"\nrender = false\n+++\n## Part\n\n本文。\n",
        ),
        (
            "content/b.md",
            "+++\ntitle = \"B\"\n+++\nSee [A](@/a.md#part).\n",
        ),
        (
            "content/b.ja.md",
            "+++\ntitle = \"ビー\"\n+++\n[エー](@/a.md#part)を参照。\n",
        ),
    ]);
    t.build_ok();
    assert!(!t.public().join("ja/a").exists());
    let b_ja = t.html("ja/b/index.html");
    assert_eq!(attrs(&b_ja, ".content a", "href"), ["/a/#part"]);
    assert_eq!(attrs(&b_ja, ".content a", "hreflang"), ["en"]);
    assert_eq!(
        attrs(&t.html("b/index.html"), ".content a", "href"),
        ["/a/#part"]
    );
}

#[test]
fn a_section_with_render_false_is_not_written_but_its_pages_are() {
    let t = site(&[
        (
            "content/posts/_index.md",
            "+++\ntitle = \"Posts\"\nrender = false\npaginate_by = 1\n+++\n",
        ),
        ("content/posts/one.md", "+++\ntitle = \"One\"\n+++\nOne.\n"),
        ("content/posts/two.md", "+++\ntitle = \"Two\"\n+++\nTwo.\n"),
        ("content/about.md", "+++\ntitle = \"About\"\n+++\nAbout.\n"),
    ]);
    t.build_ok();
    assert!(!t.public().join("posts/index.html").exists());
    assert!(!t.public().join("posts/page").exists());
    assert!(t.public().join("posts/one/index.html").is_file());
    assert!(t.public().join("posts/two/index.html").is_file());
    // The home page (its navigation) does not link to the section, only to what is written.
    let home = attrs(&t.html("index.html"), ".site-nav a", "href");
    assert!(!home.iter().any(|h| h.ends_with("/posts/")), "{home:?}");
    assert!(home.iter().any(|h| h.ends_with("/about/")), "{home:?}");
    let sitemap = t.read("sitemap.xml");
    assert!(!sitemap.contains("/posts/</loc>"), "{sitemap}");
    assert!(sitemap.contains("/posts/one/</loc>"), "{sitemap}");
}

#[test]
fn a_bundles_files_follow_its_pages_path_and_slug() {
    let t = site(&[
        ("content/notes/_index.md", "+++\ntitle = \"Notes\"\n+++\n"),
        (
            "content/notes/two/index.md",
            "+++\ntitle = \"Two\"\npath = \"2024/01/two\"\n+++\nRaw <img src=\"d.svg\" alt=\"raw\"> and ![md](d.svg), [a file](sub/e.txt).\n",
        ),
        ("content/notes/two/d.svg", SVG),
        ("content/notes/two/sub/e.txt", "e"),
        (
            "content/notes/three/index.md",
            "+++\ntitle = \"Three\"\nslug = \"trois\"\n+++\nRaw <img src=\"f.svg\" alt=\"raw\">.\n",
        ),
        ("content/notes/three/f.svg", SVG),
    ]);
    t.build_ok();
    let public = t.public();
    for file in [
        "2024/01/two/d.svg",
        "2024/01/two/sub/e.txt",
        "notes/trois/f.svg",
    ] {
        assert!(public.join(file).is_file(), "{file}");
    }
    // Written at the page's URL only, not also at the content path.
    assert!(!public.join("notes/two").exists());
    assert!(!public.join("notes/three").exists());
    let two = t.html("2024/01/two/index.html");
    assert_eq!(
        attrs(&two, ".content img", "src"),
        ["d.svg", "/2024/01/two/d.svg"]
    );
    assert_eq!(
        attrs(&two, ".content a", "href"),
        ["/2024/01/two/sub/e.txt"]
    );
    // The listing's summaries point at the same files.
    let listing = attrs(&t.html("notes/index.html"), ".cards-list img", "src");
    assert_eq!(
        listing,
        [
            "/notes/trois/f.svg",
            "/2024/01/two/d.svg",
            "/2024/01/two/d.svg"
        ]
    );
}

#[test]
fn a_translated_bundle_finds_its_files_in_both_languages() {
    let t = site(&[
        (
            "config.toml",
            &format!("{CONFIG}\n[languages.ja]\ntitle = \"Z ja\"\n"),
        ),
        ("content/_index.ja.md", "+++\ntitle = \"ホーム\"\n+++\n"),
        (
            "content/notes/two/index.md",
            "+++\ntitle = \"Two\"\npath = \"2024/two\"\n+++\n![d](d.svg)\n",
        ),
        (
            "content/notes/two/index.ja.md",
            "+++\ntitle = \"二\"\n+++\n![d](d.svg)\n\n生の <img src=\"d.svg?v=1\" alt=\"生\"> と\n\n<p><a href='./d.svg#x'>図</a> <a href=\"../../notes/san/\">三</a></p>\n",
        ),
        ("content/notes/two/d.svg", SVG),
        (
            "content/notes/three/index.md",
            "+++\ntitle = \"Three\"\n+++\n![f](f.svg)\n",
        ),
        (
            "content/notes/three/index.ja.md",
            "+++\ntitle = \"三\"\nslug = \"san\"\n+++\n![f](f.svg)\n",
        ),
        ("content/notes/three/f.svg", SVG),
        (
            "content/notes/four/index.md",
            "+++\ntitle = \"Four\"\n+++\n![g](g.svg)\n",
        ),
        (
            "content/notes/four/index.ja.md",
            "+++\ntitle = \"四\"\npath = \"yon\"\n+++\n![g](g.svg)\n",
        ),
        ("content/notes/four/g.svg", SVG),
    ]);
    t.build_ok();
    let src = |page: &str| attrs(&t.html(page), ".content img", "src");
    // Raw HTML in a translation: its relative URLs of the bundle's files are made the files'
    // URLs (its own folder has no copy); other relative URLs are left as written.
    let two_ja = t.html("ja/2024/two/index.html");
    assert_eq!(
        attrs(&two_ja, ".content img", "src"),
        ["/2024/two/d.svg", "/2024/two/d.svg?v=1"]
    );
    assert_eq!(
        attrs(&two_ja, ".content a", "href"),
        ["/2024/two/d.svg#x", "../../notes/san/"]
    );
    for (en, ja, file) in [
        ("2024/two/", "ja/2024/two/", "/2024/two/d.svg"),
        ("notes/three/", "ja/notes/san/", "/notes/three/f.svg"),
        ("notes/four/", "ja/yon/", "/notes/four/g.svg"),
    ] {
        assert_eq!(src(&format!("{en}index.html")), [file], "{en}");
        if !ja.contains("two") {
            assert_eq!(src(&format!("{ja}index.html")), [file], "{ja}");
        }
        assert!(t.public().join(&file[1..]).is_file(), "{file}");
    }
}

#[test]
fn a_bundle_with_render_false_keeps_its_files_unwritten() {
    let t = site(&[
        (
            "content/hidden/index.md",
            "+++\ntitle = \"Hidden\"\nrender = false\n+++\n![x](x.svg)\n",
        ),
        ("content/hidden/x.svg", SVG),
        ("content/a.md", "+++\ntitle = \"A\"\n+++\nText.\n"),
    ]);
    t.build_ok();
    assert!(!t.public().join("hidden").exists());
    t.write(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nText.\n\n![x](hidden/x.svg)\n",
    );
    let err = stderr(&t.run(&["build"]));
    assert!(
        err.contains("content/a.md:6:1: error: broken link: content/hidden/x.svg is not copied, because its page bundle's page (content/hidden/index.md) has `render = false`"),
        "{err}"
    );
}
