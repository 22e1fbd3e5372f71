//! Every link in the output resolves (issue 16): HTML shown on other pages stays correct,
//! root-relative links and images live under the base path, images have alt text, and the
//! output verifier finds broken links, anchors and duplicate ids in pages and templates.

mod common;

use common::*;

fn listing_summary(t: &SiteTest) -> String {
    let doc = t.html("notes/index.html");
    let sel = scraper::Selector::parse(".card .card-text").unwrap();
    doc.select(&sel)
        .next()
        .expect("the listing shows the page's summary")
        .inner_html()
}

/// See: issues/16, "the section listing `/sub/notes/` shows the page's summary with
/// `<a href=\"#1\">` and `<a href=\"#hello-world\">`".
#[test]
fn listing_summaries_link_to_the_page_and_drop_footnote_references() {
    let t = SiteTest::from_fixture("integrity/subpath");
    t.build_ok();
    let summary = listing_summary(&t);
    assert!(
        summary.contains(r#"<a href="/sub/notes/one/#hello-world">self</a>"#),
        "{summary}"
    );
    assert!(
        !summary.contains("footnote-reference") && !summary.contains("<sup"),
        "{summary}"
    );
    assert!(!summary.contains("href=\"#"), "{summary}");
    assert!(summary.contains("Text with a footnote. See"), "{summary}");
    // The page itself keeps its own fragment links and footnotes.
    let page = t.read("notes/one/index.html");
    assert!(page.contains(r##"href="#hello-world""##), "{page}");
    assert!(page.contains("footnote-reference"), "{page}");
}

#[test]
fn summaries_shown_on_a_listing_repeat_no_ids() {
    let t = SiteTest::from_fixture("integrity/subpath");
    t.edit(
        "content/notes/one.md",
        "Text with",
        "<span id=\"mark\">Marked</span> <a href=\"#hello-world\">raw</a> text with",
    );
    t.build_ok();
    let summary = listing_summary(&t);
    assert!(!summary.contains("id="), "{summary}");
    assert!(
        summary.contains(r#"href="/sub/notes/one/#hello-world""#),
        "{summary}"
    );
    assert!(t.read("notes/one/index.html").contains("id=\"mark\""));
}

#[test]
fn root_relative_links_and_images_are_prefixed_with_the_base_path() {
    let t = SiteTest::from_fixture("integrity/subpath");
    t.build_ok();
    let home = t.html("index.html");
    assert!(attrs(&home, "main a", "href").contains(&"/sub/about/".to_string()));
    assert_eq!(attrs(&home, "main img", "src"), ["/sub/img/logo.svg"]);
    let report = check_links(&t.public(), "/sub/");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
    assert!(report.outside_base.is_empty(), "{:?}", report.outside_base);
}

#[test]
fn an_image_without_alt_text_is_a_warning_and_an_error_with_strict() {
    let t = SiteTest::from_fixture("integrity/subpath");
    t.edit(
        "content/about.md",
        "About this site.",
        "About.\n\n![](/img/logo.svg)",
    );
    let out = t.build_ok();
    let err = stderr(&out);
    assert!(
        err.contains("content/about.md:7:1: warning: image without alt text"),
        "{err}"
    );
    let strict = t.run(&["build", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(stderr(&strict).contains("content/about.md:7:1"));
    // Decorative images say so in HTML, and pass.
    t.edit(
        "content/about.md",
        "![](/img/logo.svg)",
        "<img src=\"/sub/img/logo.svg\" alt=\"\">",
    );
    let out = t.run(&["build", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The output verifier's errors, from `kaisetsu check` (which builds nothing).
fn check_errors(t: &SiteTest) -> String {
    let out = t.run(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "check passed:\n{}",
        stderr(&out)
    );
    stderr(&out)
}

#[test]
fn the_fixture_and_the_bundled_site_have_no_broken_links_in_their_output() {
    let t = SiteTest::from_fixture("integrity/subpath");
    let out = t.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = kaisetsu(&repo(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_missing_root_relative_link_or_image_is_an_error_at_its_source() {
    let t = SiteTest::from_fixture("integrity/subpath");
    t.edit(
        "content/about.md",
        "About this site.",
        "About [nothing](/nowhere/).\n\n![A chart](/img/chart.png)",
    );
    let err = check_errors(&t);
    assert!(
        err.contains("content/about.md:5:17: error: about/index.html: link `/sub/nowhere/` has no target: there is no nowhere/ in the output"),
        "{err}"
    );
    assert!(
        err.contains("content/about.md:7:12: error: about/index.html: link `/sub/img/chart.png` has no target"),
        "{err}"
    );
    // Nothing is written by a failed build.
    assert!(!t.run(&["build"]).status.success());
    assert!(!t.public().exists());
}

#[test]
fn a_fragment_with_no_id_in_raw_html_is_an_error() {
    let t = SiteTest::from_fixture("integrity/subpath");
    t.edit(
        "content/about.md",
        "About this site.",
        "About <a href=\"#nowhere\">this</a> site.",
    );
    let err = check_errors(&t);
    assert!(
        err.contains("content/about.md:5:16: error: about/index.html: link `#nowhere` points at #nowhere, but about/index.html has no element with that id"),
        "{err}"
    );
}

#[test]
fn a_duplicate_id_is_an_error() {
    let t = SiteTest::from_fixture("integrity/subpath");
    t.edit(
        "content/about.md",
        "About this site.",
        "# Intro\n\n<p id=\"intro\">About this site.</p>",
    );
    let err = check_errors(&t);
    assert!(
        err.contains("content/about.md:7:4: error: about/index.html: id=\"intro\" is used 2 times on this page"),
        "{err}"
    );
}

/// Theme authors get the check for free: a template that links to a page that does not exist.
#[test]
fn a_broken_link_in_a_template_is_reported_once_with_its_pages() {
    let t = SiteTest::from_fixture("integrity/subpath");
    t.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<a href=\"{{ url(path='colophon/') }}\">Colophon</a>{% endblock content %}",
    );
    let err = check_errors(&t);
    assert!(
        err.contains("public/about/index.html: error: link `/sub/colophon/` has no target: there is no colophon/ in the output (and 1 other page(s))"),
        "{err}"
    );
    assert!(err.contains("help: this is not in the page's Markdown: it comes from a template"));
    assert_eq!(err.matches("colophon/").count(), 2, "{err}");
}

#[test]
fn each_url_of_a_srcset_is_checked() {
    let t = SiteTest::from_fixture("integrity/subpath");
    t.edit(
        "content/about.md",
        "About this site.",
        "About this site.\n\n<img alt=\"Logo\" src=\"../img/logo.svg\" srcset=\"../img/logo.svg 1x, ../img/logo@2x.svg 2x\">",
    );
    let err = check_errors(&t);
    assert!(
        err.contains("content/about.md:7:67: error: about/index.html: link `../img/logo@2x.svg` has no target"),
        "{err}"
    );
    assert!(!err.contains("`../img/logo.svg`"), "{err}");
}
