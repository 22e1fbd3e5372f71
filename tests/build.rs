//! End-to-end tests of `kaisetsu build`, `check` and `init` on fixture sites (issue 2).

mod common;

use common::*;

#[test]
fn sub_path_site_has_every_link_and_asset_under_the_base_path() {
    let t = SiteTest::from_fixture("basic");
    t.build_ok();
    let report = check_links(&t.public(), "/sub/");
    assert!(
        report.broken.is_empty(),
        "broken links: {:#?}",
        report.broken
    );
    assert!(
        report.outside_base.is_empty(),
        "links outside /sub/: {:#?}",
        report.outside_base
    );
    let home = t.html("index.html");
    let hrefs = attrs(&home, "main a", "href");
    assert!(
        hrefs.contains(&"/sub/notes/one/#second-part".to_string()),
        "{hrefs:?}"
    );
    assert!(attrs(&home, "link[rel=stylesheet]", "href")
        .iter()
        .all(|h| h.starts_with("/sub/")));
}

#[test]
fn every_page_is_reachable_from_the_home_page() {
    let t = SiteTest::from_fixture("basic");
    t.build_ok();
    let report = check_links(&t.public(), "/sub/");
    let unreached = report.unreached();
    assert!(
        unreached.is_empty(),
        "not reachable from index.html: {unreached:?}"
    );
}

#[test]
fn headings_get_github_ids_deduplicated_and_a_toc() {
    let t = SiteTest::from_fixture("basic");
    t.build_ok();
    let one = t.html("notes/one/index.html");
    let ids: Vec<String> = attrs(&one, "main h2", "id")
        .into_iter()
        .filter(|i| i.starts_with("second"))
        .collect();
    assert_eq!(ids, ["second-part", "second-part-1"]);
}

#[test]
fn sections_list_pages_by_weight_then_newest_date_then_title() {
    let t = SiteTest::from_fixture("basic");
    t.build_ok();
    let notes = t.read("notes/index.html");
    let order: Vec<usize> = ["Note two", "Note one", "Alpha three", "Beta four"]
        .iter()
        .map(|s| notes.find(s).unwrap_or_else(|| panic!("{s} missing")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "wrong order: {order:?}"
    );
}

#[test]
fn drafts_are_left_out_everywhere_unless_asked_for() {
    let t = SiteTest::from_fixture("basic");
    t.build_ok();
    assert!(!t.public().join("notes/draft").exists());
    assert!(!t.read("sitemap.xml").contains("draft"));
    assert!(!t.read("notes/index.html").contains("Secret draft"));
    let out = t.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(t.read("notes/draft/index.html").contains("Not published."));
}

#[test]
fn colocated_assets_and_static_files_are_copied_and_linked() {
    let t = SiteTest::from_fixture("basic");
    t.build_ok();
    assert!(t.public().join("notes/bundle/diagram.svg").is_file());
    assert_eq!(t.read("hello.txt"), "static file\n");
    let bundle = t.html("notes/bundle/index.html");
    assert_eq!(
        attrs(&bundle, "main img", "src"),
        ["/sub/notes/bundle/diagram.svg"]
    );
    assert!(attrs(&bundle, "main a", "href").contains(&"/sub/notes/bundle/paper.txt".to_string()));
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let t = SiteTest::from_fixture("basic");
    t.build_ok();
    let page = t.read("404.html");
    assert!(
        page.contains("Overridden 404") && page.contains("tested"),
        "{page}"
    );
    // base.html still comes from the theme.
    assert!(page.contains("skip-link"));
}

#[test]
fn fenced_code_is_highlighted_and_unknown_languages_stay_plain() {
    let t = SiteTest::from_fixture("basic");
    t.build_ok();
    let one = t.read("notes/one/index.html");
    assert!(
        one.contains("<pre class=\"code\" data-lang=\"rust\">"),
        "{one}"
    );
    assert!(
        one.contains("<code class=\"language-rust\"><span class="),
        "{one}"
    );
    assert!(one.contains("<pre><code class=\"language-nosuchlang\">plain &lt;text&gt;"));
    let css = t.read("syntax.css");
    assert!(css.contains(".code span[class^=") && css.contains("prefers-color-scheme: dark"));
    assert!(attrs(
        &t.html("notes/one/index.html"),
        "link[rel=stylesheet]",
        "href"
    )
    .contains(&"/sub/syntax.css".to_string()));
}

#[test]
fn sitemap_and_feed_are_well_formed_and_absolute() {
    let t = SiteTest::from_fixture("basic");
    t.build_ok();
    let sitemap = t.read("sitemap.xml");
    assert!(sitemap.starts_with("<?xml") && sitemap.trim_end().ends_with("</urlset>"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert!(
        locs.contains(&"https://example.org/sub/notes/one/"),
        "{locs:?}"
    );
    assert!(locs
        .iter()
        .all(|l| l.starts_with("https://example.org/sub/")));
    assert_eq!(
        sitemap.matches("<url>").count(),
        sitemap.matches("</url>").count()
    );
    let feed = t.read("atom.xml");
    let titles: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .map(|e| {
            e.split("<title>")
                .nth(1)
                .unwrap()
                .split("</title>")
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(titles, ["Alpha three", "Note two", "Note one", "Beta four"]);
    assert!(feed.contains(
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/sub/notes/one/\"/>"
    ));
    assert!(t
        .read("robots.txt")
        .contains("Sitemap: https://example.org/sub/sitemap.xml"));
}

/// The feed lists the newest `feed_limit` pages (default 50); 0 is an error at its place.
#[test]
fn feed_limit_keeps_the_newest_entries() {
    let t = SiteTest::from_fixture("basic");
    let entries = |t: &SiteTest| t.read("atom.xml").matches("<entry>").count();
    t.build_ok();
    assert_eq!(entries(&t), 4);
    t.edit(
        "config.toml",
        "author = \"Tester\"",
        "author = \"Tester\"\nfeed_limit = 2",
    );
    t.build_ok();
    let feed = t.read("atom.xml");
    assert_eq!(entries(&t), 2);
    assert!(
        feed.contains("<title>Alpha three</title>") && feed.contains("<title>Note two</title>")
    );
    // The older ones are left out.
    assert!(!feed.contains("<title>Note one</title>"));
    t.edit("config.toml", "feed_limit = 2", "feed_limit = 0");
    let err = stderr(&t.run(&["build"]));
    assert!(
        err.contains("config.toml:5:14: error: invalid value in config.toml"),
        "{err}"
    );
    assert!(
        err.contains("`feed_limit` is the most entries a feed lists"),
        "{err}"
    );
}

#[test]
fn three_broken_files_are_all_reported_and_the_output_is_untouched() {
    let t = SiteTest::from_fixture("basic");
    t.build_ok();
    let before = snapshot(&t.public());
    t.write(
        "content/notes/one.md",
        "+++\ntitle = \"Note one\nweight = 2\n+++\nbody\n",
    );
    t.write(
        "content/notes/two.md",
        "+++\ntitle = \"Two\"\nwieght = 1\n+++\nbody\n",
    );
    t.write(
        "content/notes/three.md",
        "+++\ntitle = \"Three\"\n+++\n\nSee [x](@/notes/nope.md).\n",
    );
    let out = t.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/notes/one.md:2:18: error: invalid TOML front matter"),
        "{err}"
    );
    assert!(
        err.contains("content/notes/two.md:3:1: error: unknown front-matter key `wieght`"),
        "{err}"
    );
    assert!(err.contains("help: did you mean `weight`?"), "{err}");
    assert!(err.contains("content/notes/three.md:5:5: error: broken internal link: no file content/notes/nope.md"), "{err}");
    assert_eq!(
        before,
        snapshot(&t.public()),
        "public/ changed after a failed build"
    );
    let check = t.run(&["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        stderr(&check).matches(": error:").count(),
        3,
        "{}",
        stderr(&check)
    );
}

#[test]
fn broken_anchors_and_unknown_config_keys_point_at_their_place() {
    let t = SiteTest::from_fixture("basic");
    t.write(
        "content/notes/four.md",
        "+++\ntitle = \"Four\"\n+++\n\nSee [x](@/notes/one.md#secnd-part).\n",
    );
    t.write(
        "config.toml",
        "title = \"x\"\nbase_url = \"/\"\nlanguge = \"en\"\n[extra]\nmotto = \"m\"\n",
    );
    let out = t.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("config.toml:3:1: error: unknown key `languge`"),
        "{err}"
    );
    assert!(err.contains("did you mean `language`?"), "{err}");
    t.write(
        "config.toml",
        "title = \"x\"\nbase_url = \"/\"\n[extra]\nmotto = \"m\"\n",
    );
    let err = stderr(&t.run(&["check"]));
    assert!(
        err.contains("content/notes/four.md:5:5: error: broken anchor"),
        "{err}"
    );
    assert!(err.contains("did you mean `#second-part`?"), "{err}");
}

#[test]
fn two_sources_for_one_url_and_unknown_templates_are_errors() {
    let t = SiteTest::from_fixture("basic");
    t.write(
        "content/notes/uno.md",
        "+++\ntitle = \"Uno\"\nslug = \"one\"\n+++\n",
    );
    t.write(
        "content/notes/tmpl.md",
        "+++\ntitle = \"T\"\ntemplate = \"nope.html\"\n+++\n",
    );
    let err = stderr(&t.run(&["check"]));
    assert!(err.contains("two sources write the same URL /notes/one/: content/notes/one.md and content/notes/uno.md"), "{err}");
    assert!(
        err.contains("content/notes/tmpl.md:3:1: error: unknown template `nope.html`"),
        "{err}"
    );
}

#[test]
fn template_syntax_errors_name_the_template_and_line() {
    let t = SiteTest::from_fixture("basic");
    t.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n");
    let out = t.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("templates/page.html:4:1: error: template syntax error: expected"),
        "{err}"
    );
    assert!(!t.public().exists());
}

#[test]
fn the_output_folder_may_not_hold_sources() {
    let t = SiteTest::from_fixture("basic");
    for bad in [".", "content", "content/notes/out", "static"] {
        let before = snapshot(t.root());
        let out = t.run(&["build", "--output", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("refusing to build into"),
            "{}",
            stderr(&out)
        );
        assert_eq!(before, snapshot(t.root()), "{bad}: sources changed");
    }
    std::fs::create_dir_all(t.root().join("elsewhere")).unwrap();
    std::fs::write(t.root().join("elsewhere/precious.txt"), "keep").unwrap();
    let out = t.run(&["build", "--output", "elsewhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(t.root().join("elsewhere/precious.txt").exists());
}

#[test]
fn bom_crlf_and_yaml_are_accepted() {
    let t = SiteTest::from_fixture("basic");
    t.write(
        "content/notes/crlf.md",
        "\u{feff}+++\r\ntitle = \"Windows\"\r\n+++\r\n\r\nLine one.\r\n",
    );
    t.build_ok();
    assert!(t.read("notes/crlf/index.html").contains("Line one."));
}

#[test]
fn init_scaffolds_a_site_that_builds_and_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("s");
    let out = kaisetsu(dir.path(), &["init", "s"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = kaisetsu(&site, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Built "));
    let report = check_links(&site.join("public"), "/");
    assert!(report.broken.is_empty(), "{:?}", report.broken);
    assert!(site
        .join("public/glossary/static-site/index.html")
        .is_file());
    assert!(site
        .join("public/timeline/2026-01-01-site-started/index.html")
        .is_file());
    let again = kaisetsu(dir.path(), &["init", "s"]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn the_bundled_site_builds_with_no_broken_link_and_every_page_reachable() {
    let out_dir = tempfile::tempdir().unwrap();
    let out_path = out_dir.path().join("public");
    let out = kaisetsu(&repo(), &["build", "--output", out_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = check_links(&out_path, "/");
    assert!(report.broken.is_empty(), "broken: {:#?}", report.broken);
    assert!(
        report.duplicate_ids.is_empty(),
        "duplicate ids: {:#?}",
        report.duplicate_ids
    );
    let unreached = report.unreached();
    assert!(unreached.is_empty(), "unreachable: {unreached:?}");
    assert!(report.pages.len() > 90, "{}", report.pages.len());
}

#[test]
fn a_static_file_where_the_build_writes_a_page_is_left_out_with_a_warning() {
    // Before, `static/404.html` was dropped without a word: the build writes its own 404 page.
    let t = site_with_home("title = \"S\"\nbase_url = \"/\"\n", &[]);
    t.write("static/404.html", "<!doctype html><title>mine</title>");
    t.write("static/extra.html", "<!doctype html><title>extra</title>");
    let out = t.run(&["build", "-v"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "static/404.html: warning: not copied: the build writes its own page at /404.html"
        ),
        "{err}"
    );
    assert!(!err.contains("static/extra.html"), "{err}");
    assert!(
        t.read("404.html").contains("<h1>"),
        "the generated 404 page stays"
    );
    assert!(t.read("extra.html").contains("extra"));
}
