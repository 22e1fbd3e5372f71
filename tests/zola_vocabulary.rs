//! Zola's front-matter vocabulary (issue 20), read where it means what kaisetsu's does:
//! `aliases` (redirects, except on a glossary term), `in_search_index`, `[taxonomies] tags`
//! and a section's `sort_by`; and the keys kaisetsu does not have, each reported with what to
//! write instead rather than a look-alike key of another meaning.

mod common;

use common::*;

const CONFIG: &str = "title = \"Z\"\nbase_url = \"/\"\n";

fn site(extra: &[(&str, &str)]) -> SiteTest {
    site_with_home(CONFIG, extra)
}

fn card_titles(t: &SiteTest, page: &str) -> Vec<String> {
    texts(&t.html(page), ".cards-list .card-title a")
}

#[test]
fn aliases_redirect_to_a_page_as_redirect_from_does() {
    let t = site(&[
        ("content/notes/_index.md", "+++\ntitle = \"Notes\"\n+++\n"),
        (
            "content/notes/one.md",
            "+++\ntitle = \"One\"\naliases = [\"/old/one/\"]\n+++\nBody.\n",
        ),
    ]);
    t.build_ok();
    let redirect = t.read("old/one/index.html");
    assert!(redirect.contains("/notes/one/"), "{redirect}");
    assert!(redirect.contains("http-equiv=\"refresh\""), "{redirect}");
}

#[test]
fn in_search_index_false_leaves_a_page_out_of_the_index() {
    let t = site(&[
        (
            "content/kept.md",
            "+++\ntitle = \"Kept zebra\"\n+++\nzebra\n",
        ),
        (
            "content/out.md",
            "+++\ntitle = \"Out zebra\"\nin_search_index = false\n+++\nzebra\n",
        ),
    ]);
    t.build_ok();
    let pages: Vec<String> = std::fs::read_dir(t.public().join("search-index/d"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(pages.iter().any(|p| p.contains("Kept zebra")), "{pages:?}");
    assert!(!pages.iter().any(|p| p.contains("Out zebra")), "{pages:?}");
}

#[test]
fn taxonomy_tags_are_tags_and_an_undeclared_taxonomy_is_an_error() {
    let t = site(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"alpha\"]\ncategories = [\"misc\"]\n+++\nBody.\n",
    )]);
    let out = t.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(
            "content/a.md:5:1: error: taxonomy `categories` is not declared in config.toml"
        ),
        "{err}"
    );
    assert!(
        err.contains("help: add it to config.toml: `taxonomies = [{ name = \"categories\" }]`"),
        "{err}"
    );
    t.edit("content/a.md", "categories = [\"misc\"]\n", "");
    t.build_ok();
    let same = site(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\ntags = [\"alpha\"]\n+++\nBody.\n",
    )]);
    same.build_ok();
    assert_eq!(
        t.read("a/index.html"),
        same.read("a/index.html"),
        "`[taxonomies] tags` is `tags`"
    );
}

fn sorted_site(sort_by: &str) -> SiteTest {
    let section = format!("+++\ntitle = \"Posts\"\nsort_by = \"{sort_by}\"\n+++\n");
    let post = |title: &str, date: &str, weight: u32| {
        format!("+++\ntitle = \"{title}\"\ndate = {date}\nweight = {weight}\n+++\nBody.\n")
    };
    let (b, c, a) = (
        post("Bravo", "2024-03-01", 1),
        post("Charlie", "2024-01-01", 3),
        post("Alpha", "2024-02-01", 2),
    );
    let t = site(&[("content/posts/_index.md", &section)]);
    t.write("content/posts/b.md", &b);
    t.write("content/posts/c.md", &c);
    t.write("content/posts/a.md", &a);
    t
}

#[test]
fn sort_by_orders_a_section_by_date_title_or_weight() {
    for (by, want) in [
        ("date", ["Bravo", "Alpha", "Charlie"]),
        ("title", ["Alpha", "Bravo", "Charlie"]),
        ("weight", ["Bravo", "Alpha", "Charlie"]),
    ] {
        let t = sorted_site(by);
        t.build_ok();
        assert_eq!(card_titles(&t, "posts/index.html"), want, "sort_by = {by}");
    }
    let t = sorted_site("title");
    t.edit("content/posts/a.md", "weight = 2", "weight = 9");
    t.build_ok();
    assert_eq!(
        card_titles(&t, "posts/index.html"),
        ["Alpha", "Bravo", "Charlie"],
        "by title, weights do not matter"
    );
}

#[test]
fn an_unknown_sort_by_is_an_error_at_its_line() {
    let t = sorted_site("slug-ish");
    let out = t.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/posts/_index.md:3:1: error: `sort_by` is \"slug-ish\""),
        "{err}"
    );
    assert!(err.contains("help: write \"date\""), "{err}");
}

#[test]
fn zola_keys_kaisetsu_lacks_get_a_specific_help_not_a_look_alike() {
    let t = site(&[
        (
            "content/a.md",
            "+++\ntitle = \"A\"\npage_template = \"p.html\"\nredirect_to = \"/b/\"\n+++\nBody.\n",
        ),
        // `render` is read on pages and sections, not on timeline events.
        (
            "content/timeline/e.md",
            "+++\ntitle = \"E\"\ndate = \"1967\"\nrender = false\n+++\nBody.\n",
        ),
    ]);
    let out = t.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/a.md:3:1: error: unknown front-matter key `page_template`"),
        "{err}"
    );
    assert!(err.contains("help: `page_template` is Zola's"), "{err}");
    assert!(
        err.contains("content/timeline/e.md:4:1: error: unknown front-matter key `render`"),
        "{err}"
    );
    assert!(
        err.contains("help: `render` (Zola's key) is read on pages and sections"),
        "{err}"
    );
    assert!(
        err.contains("help: `redirect_to` is a section's key"),
        "{err}"
    );
    assert!(!err.contains("did you mean `redirect_from`"), "{err}");

    t.write("config.toml", &format!("{CONFIG}compile_sass = true\n"));
    let err = stderr(&t.run(&["check"]));
    assert!(err.contains("help: `compile_sass` is Zola's"), "{err}");
}

#[test]
fn a_section_with_redirect_to_is_written_as_a_redirect() {
    let t = site(&[
        (
            "content/docs/_index.md",
            "+++\ntitle = \"Docs\"\nredirect_to = \"docs/intro/\"\n+++\n",
        ),
        (
            "content/docs/intro.md",
            "+++\ntitle = \"Intro\"\n+++\nStart here.\n",
        ),
        (
            "content/away/_index.md",
            "+++\ntitle = \"Away\"\nredirect_to = \"https://example.com/x\"\n+++\n",
        ),
    ]);
    t.build_ok();
    let docs = t.read("docs/index.html");
    assert!(docs.contains("content=\"0; url=/docs/intro/\""), "{docs}");
    let away = t.read("away/index.html");
    assert!(away.contains("url=https://example.com/x\""), "{away}");
    let sitemap = t.read("sitemap.xml");
    assert!(!sitemap.contains("/docs/</loc>"), "{sitemap}");
    assert!(sitemap.contains("/docs/intro/</loc>"), "{sitemap}");
    // A target that does not exist is a broken link of the output.
    t.edit("content/docs/_index.md", "docs/intro/", "docs/gone/");
    let err = stderr(&t.run(&["build"]));
    assert!(err.contains("link `/docs/gone/` has no target"), "{err}");
}

#[test]
fn path_sets_a_pages_whole_url() {
    let t = site(&[
        (
            "content/notes/_index.md",
            "+++\ntitle = \"Notes\"\nsort_by = \"permalink\"\n+++\n",
        ),
        (
            "content/notes/launch.md",
            "+++\ntitle = \"Launch\"\npath = \"/2024/01/10/launch/\"\n+++\nBody.\n",
        ),
        (
            "content/notes/zeta.md",
            "+++\ntitle = \"Zeta\"\npath = \"2023/zeta\"\n+++\nBody.\n",
        ),
        (
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\n[launch](@/notes/launch.md)\n",
        ),
    ]);
    t.build_ok();
    assert!(t.public().join("2024/01/10/launch/index.html").is_file());
    assert!(!t.public().join("notes/launch").exists());
    let links = attrs(&t.html("a/index.html"), ".content a", "href");
    assert_eq!(links, ["/2024/01/10/launch/"]);
    // sort_by = "permalink": by URL path.
    assert_eq!(card_titles(&t, "notes/index.html"), ["Zeta", "Launch"]);

    t.write(
        "content/notes/zeta.md",
        "+++\ntitle = \"Zeta\"\npath = \"../out\"\n+++\nBody.\n",
    );
    let err = stderr(&t.run(&["build"]));
    assert!(
        err.contains("content/notes/zeta.md:3:1: error: `path` is \"../out\""),
        "{err}"
    );
}

#[test]
fn a_glossary_terms_aliases_stay_its_other_names() {
    let t = site(&[
        ("content/glossary/_index.md", "+++\ntitle = \"Glossary\"\n+++\n"),
        (
            "content/glossary/pac-3.md",
            "+++\ntitle = \"PAC-3\"\naliases = [\"Patriot Advanced Capability-3\"]\nsummary = \"A missile.\"\n+++\nA missile.\n",
        ),
        (
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\nThe Patriot Advanced Capability-3 is here.\n",
        ),
    ]);
    t.build_ok();
    let links = attrs(&t.html("a/index.html"), "a.term-ref", "href");
    assert_eq!(links, ["/glossary/pac-3/"]);
    assert!(!t.public().join("Patriot Advanced Capability-3").exists());
}

fn homeless_site() -> SiteTest {
    SiteTest::from_files(&[
        (
            "config.toml",
            "title = \"No \\\"home\\\" </title>\"\nbase_url = \"/\"\n",
        ),
        ("content/notes/_index.md", "+++\ntitle = \"Notes\"\n+++\n"),
        (
            "content/notes/one.md",
            "+++\ntitle = \"One\"\n+++\n[Home](/)\n",
        ),
        ("content/about.md", "+++\ntitle = \"About\"\n+++\nText.\n"),
    ])
}

#[test]
fn a_site_without_a_home_source_gets_a_home_page_listing_its_top_sections() {
    let t = homeless_site();
    let out = t.build_ok();
    let err = stderr(&out);
    assert!(
        err.contains("content/_index.md: warning: there is no content/_index.md"),
        "{err}"
    );
    let home = t.html("index.html");
    assert_eq!(texts(&home, "h1"), ["No \"home\" </title>"]);
    let cards = attrs(&home, ".cards a", "href");
    assert!(cards.contains(&"/notes/".to_string()), "{cards:?}");
    assert!(cards.contains(&"/about/".to_string()), "{cards:?}");
    let check = stderr(&t.run(&["check"]));
    assert!(
        check.contains("warning: there is no content/_index.md"),
        "{check}"
    );
}

#[test]
fn the_implicit_home_gives_way_to_a_written_one_in_the_dev_server() {
    let t = homeless_site();
    let mut served = common::quick::Served::new(&t);
    t.write(
        "content/_index.md",
        "+++\ntitle = \"Written home\"\n+++\nWelcome.\n",
    );
    served.step(&t, Some(&["content/_index.md"]), "home added");
    std::fs::remove_file(t.root().join("content/_index.md")).unwrap();
    served.step(&t, Some(&["content/_index.md"]), "home removed");
}

#[test]
fn double_brackets_are_prose_on_a_site_without_a_glossary() {
    let body = "Add a `[[bin]]` table, or write [[bin]] and [[toc]] in prose.\n";
    let t = site(&[("content/a.md", &format!("+++\ntitle = \"A\"\n+++\n{body}"))]);
    t.build_ok();
    let text = texts(&t.html("a/index.html"), ".content p").concat();
    assert!(
        text.contains("write [[bin]] and [[toc]] in prose"),
        "{text}"
    );

    // With a glossary, `[[…]]` is a reference again, and `\[[…]]` writes it as it is.
    t.write(
        "content/glossary/_index.md",
        "+++\ntitle = \"Glossary\"\n+++\n",
    );
    t.write(
        "content/glossary/bin.md",
        "+++\ntitle = \"Bin\"\nsummary = \"A box.\"\n+++\nA box.\n",
    );
    t.write(
        "content/a.md",
        "+++\ntitle = \"A\"\nglossary_autolink = false\n+++\nSee [[bin]], not \\[[bin]].\n",
    );
    t.build_ok();
    let page = t.html("a/index.html");
    assert_eq!(
        attrs(&page, ".content a.term-ref", "href"),
        ["/glossary/bin/"]
    );
    let text = texts(&page, ".content p").concat();
    assert!(text.contains("not [[bin]]."), "{text}");
}

#[test]
fn internal_level_warn_lowers_broken_relative_links_and_images_to_warnings() {
    let page = "+++\ntitle = \"One\"\n+++\n![A chart](chart.png)\n\nSee [the readme](../README.md) and [two](../two/).\n\nAnd [@/ links](@/missing.md) stay errors.\n";
    let t = site(&[("content/notes/one.md", page)]);
    let err = stderr(&t.run(&["build"]));
    assert!(
        err.contains("content/notes/one.md:4:1: error: broken image"),
        "{err}"
    );
    // Lowered: the relative ones are warnings, the `@/` link is still an error.
    t.write(
        "config.toml",
        &format!("{CONFIG}[link_check]\ninternal_level = \"warn\"\n"),
    );
    let out = t.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error: broken internal link: no file content/missing.md"),
        "{err}"
    );
    assert_eq!(err.matches(": error: ").count(), 1, "{err}");
    t.write(
        "content/notes/one.md",
        &page.replace("And [@/ links](@/missing.md) stay errors.\n", ""),
    );
    let out = t.build_ok();
    let err = stderr(&out);
    for link in ["chart.png", "../README.md", "../two/"] {
        let line = err
            .lines()
            .find(|l| l.contains(&format!("`{link}`")))
            .unwrap_or_else(|| panic!("no warning for {link}: {err}"));
        assert!(line.starts_with("content/notes/one.md:"), "{line}");
        assert!(line.contains(": warning: "), "{line}");
    }
    assert!(!err.contains(": error: "), "{err}");
}

#[test]
fn config_and_content_problems_are_reported_in_one_run() {
    let t = site(&[(
        "content/a.md",
        "+++\ntitle = \"A\"\ntaxonomies = 3\ntransparent = true\n+++\nBody.\n",
    )]);
    t.write(
        "config.toml",
        &format!("{CONFIG}compile_sass = true\nbuild_search_index = true\n"),
    );
    let out = t.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for (at, what) in [
        ("config.toml:3:1", "unknown key `compile_sass`"),
        ("config.toml:4:1", "unknown key `build_search_index`"),
        ("content/a.md:4:1", "unknown front-matter key `transparent`"),
    ] {
        assert!(
            err.contains(&format!("{at}: error: {what}")),
            "{what}: {err}"
        );
    }
    assert!(
        err.contains("help: `build_search_index` is Zola's"),
        "{err}"
    );
}
