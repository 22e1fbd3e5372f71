//! `kaisetsu import zola SRC DEST` (issue 20) on a small Zola-style site written for the purpose
//! (`tests/fixtures/zola-site/`: sorted and paginated sections, taxonomies, a shortcode and
//! Zola's escapes of it, `aliases`, `path` (on a page bundle too), `render = false`,
//! `redirect_to`, `<!-- more -->`, no home section, a blank line before `+++`): one command,
//! then a build with no error, and a report of what was left behind at its file and line. SRC
//! is only read.

mod common;

use common::*;
use std::path::Path;

fn fixture() -> std::path::PathBuf {
    repo().join("tests/fixtures/zola-site")
}

fn import(dest: &Path) -> std::process::Output {
    let src = fixture();
    kaisetsu(
        &repo(),
        &[
            "import",
            "zola",
            src.to_str().unwrap(),
            dest.to_str().unwrap(),
        ],
    )
}

#[test]
fn a_zola_site_is_imported_in_one_command_and_builds() {
    let before = snapshot(&fixture());
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    let out = import(&dest);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(snapshot(&fixture()), before, "SRC is only read");

    let report = stderr(&out);
    let config = std::fs::read_to_string(dest.join("config.toml")).unwrap();
    assert!(config.contains("feed_limit = 30"), "{config}");
    for (at, what) in [
        ("config.toml:6:1", "`compile_sass` is not carried over"),
        ("config.toml:16:1", "`link_checker` is not carried over"),
        (
            "content/blog/_index.md:6:1",
            "`page_template` is not carried over",
        ),
        (
            "content/blog/first.md:6:1",
            "`template` is not carried over",
        ),
        (
            "templates/shortcodes/sized.html:1:15",
            "`get_image_metadata` is a function of Zola's templates that kaisetsu does not have",
        ),
    ] {
        assert!(
            report.contains(&format!("{at}: warning: {what}")),
            "{what}: {report}"
        );
    }
    // `render = false` is carried over (kaisetsu reads it as Zola does).
    assert!(!report.contains("`render`"), "{report}");
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        said.contains("7 Markdown file(s), 4 other file(s)"),
        "{said}"
    );

    let t = kaisetsu(&dest, &["build"]);
    let err = stderr(&t);
    assert!(t.status.success(), "{err}");
    assert!(!err.contains(": error: "), "{err}");
    let public = dest.join("public");
    for page in [
        "index.html",
        "blog/index.html",
        "blog/page/2/index.html",
        "blog/first/index.html",
        "blog/2nd/index.html",
        "docs/intro/index.html",
        "old/first/index.html",
        "2024/04/02/fourth/index.html",
        "2024/04/02/fourth/chart.svg",
        // Zola's taxonomies, carried over with their pages and the tags' feeds.
        "tags/index.html",
        "tags/news/index.html",
        "tags/news/atom.xml",
        "categories/misc/index.html",
    ] {
        assert!(public.join(page).is_file(), "{page}");
    }
    assert!(
        !public.join("categories/misc/atom.xml").exists(),
        "categories have no `feed = true`"
    );
    // `render = false` (the third post): no page of its own, in no listing or sitemap.
    assert!(!public.join("blog/third").exists());
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/blog/third/"), "{sitemap}");
    // The bundle's file went with its page's `path`, not to its content folder.
    assert!(!public.join("blog/fourth").exists());
    // `redirect_to` on a section (Zola's): its URL redirects.
    let docs = std::fs::read_to_string(public.join("docs/index.html")).unwrap();
    assert!(docs.contains("content=\"0; url=/docs/intro/\""), "{docs}");
    // The one broken link is the fixture's link to a theme README outside the site: Zola never
    // checked it, and the import lowers it to the warning above (internal_level = "warn").
    assert!(
        err.contains("content/docs/intro.md:6:77: warning:"),
        "{err}"
    );
    let report = check_links(&public, "/");
    assert!(
        report.broken.iter().all(|b| b.contains("README.md")),
        "{:?}",
        report.broken
    );
}

#[test]
fn imported_pages_keep_zolas_ids_shortcodes_escapes_and_summaries() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    assert!(import(&dest).status.success());
    assert!(kaisetsu(&dest, &["build"]).status.success());
    let read = |p: &str| std::fs::read_to_string(dest.join("public").join(p)).unwrap();
    let html = |p: &str| scraper::Html::parse_document(&read(p));

    let first = html("blog/first/index.html");
    assert_eq!(
        attrs(&first, ".content h2", "id"),
        ["config-toml-and-x86-64"]
    );
    // The blog's `insert_anchor_links = "right"`, carried over: a link to the heading after it.
    assert_eq!(
        attrs(&first, ".content h2 > a.heading-anchor:last-child", "href"),
        ["#config-toml-and-x86-64"]
    );
    assert_eq!(texts(&first, ".content aside.note"), ["hello"]);
    let prose = texts(&first, ".content p").concat();
    // Smart punctuation is on in the fixture's config, as it was for Zola.
    assert!(
        prose.contains("without running it: {{ note(text=“shown”) }}."),
        "{prose}"
    );
    assert_eq!(
        texts(&first, ".content pre"),
        ["{{ note(text=\"in code\") }}"]
    );
    let links = attrs(&first, ".content a", "href");
    // `path = "blog/2nd"` is Zola's and kaisetsu's: the link follows it.
    assert!(
        links.contains(&"/blog/2nd/#what-s-new-2024".to_string()),
        "{links:?}"
    );

    // sort_by = "date", paginate_by = 2: the newest two, then the first post; the third has
    // `render = false` and is listed nowhere.
    let titles = |p: &str| texts(&html(p), ".cards-list .card-title a");
    assert_eq!(titles("blog/index.html"), ["Fourth post", "Second post"]);
    assert_eq!(titles("blog/page/2/index.html"), ["First post"]);
    // `<!-- more -->`: the listing shows what comes before it.
    let listing = texts(&html("blog/page/2/index.html"), ".cards-list").concat();
    assert!(
        listing.contains("The summary of the first post."),
        "{listing}"
    );
    assert!(!listing.contains("The rest"), "{listing}");
    // A bundle moved by `path`: its chart, in raw HTML (relative, as written) and in Markdown
    // (made root-relative), on its page and in the listing's summary, is the one copied.
    let fourth = html("2024/04/02/fourth/index.html");
    assert_eq!(
        attrs(&fourth, ".content img", "src"),
        ["chart.svg", "/2024/04/02/fourth/chart.svg"]
    );
    assert_eq!(
        attrs(&html("blog/index.html"), ".cards-list img", "src"),
        [
            "/2024/04/02/fourth/chart.svg",
            "/2024/04/02/fourth/chart.svg"
        ]
    );
    // No glossary: `[[bin]]` is prose.
    let second = texts(&html("blog/2nd/index.html"), ".content p").concat();
    assert!(second.contains("A [[bin]] table"), "{second}");
}

#[test]
fn import_refuses_a_destination_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("keep.txt"), "mine").unwrap();
    let out = import(tmp.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("the folder is not empty"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("keep.txt")).unwrap(),
        "mine"
    );
}
