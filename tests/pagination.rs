//! Listings that grow with the site (issue 17): sections split into pagers with `paginate_by`
//! (`/posts/page/2/`), and a term's "Mentioned in" list bounded to 50 entries on its page with
//! the full list paginated at `/glossary/<slug>/mentions/` (100 a page). Checked on built
//! output: URLs, `rel="prev"`/`rel="next"`, counts and order; and in the dev server's
//! incremental compiles, equality with a clean build when a term's list gains or loses pages.

mod common;

use common::quick::{how, Served};
use common::*;

fn site(posts: usize, paginate_by: Option<usize>, notes: usize) -> SiteTest {
    paginated_site("/sub/", posts, paginate_by, notes)
}

fn card_titles(t: &SiteTest, page: &str) -> Vec<String> {
    texts(&t.html(page), ".cards-list .card-title a")
}

fn rel(t: &SiteTest, page: &str, rel: &str) -> Vec<String> {
    attrs(&t.html(page), &format!("link[rel={rel}]"), "href")
}

#[test]
fn a_paginated_section_splits_its_listing_over_linked_pagers() {
    let whole = site(25, None, 0);
    whole.build_ok();
    let all = card_titles(&whole, "posts/index.html");
    assert_eq!(all.len(), 25);

    let t = site(25, Some(10), 0);
    t.build_ok();
    let pagers = [
        "posts/index.html",
        "posts/page/2/index.html",
        "posts/page/3/index.html",
    ];
    let shown: Vec<Vec<String>> = pagers.iter().map(|p| card_titles(&t, p)).collect();
    assert_eq!(shown.iter().map(Vec::len).collect::<Vec<_>>(), [10, 10, 5]);
    assert_eq!(
        shown.concat(),
        all,
        "the pagers list the section's pages in order, once"
    );
    assert!(!t.public().join("posts/page/4").exists());
    assert!(
        !t.public().join("posts/page/1").exists(),
        "page 1 is the section's URL"
    );

    assert_eq!(rel(&t, pagers[0], "prev"), Vec::<String>::new());
    assert_eq!(rel(&t, pagers[0], "next"), ["/sub/posts/page/2/"]);
    assert_eq!(rel(&t, pagers[1], "prev"), ["/sub/posts/"]);
    assert_eq!(rel(&t, pagers[1], "next"), ["/sub/posts/page/3/"]);
    assert_eq!(rel(&t, pagers[2], "next"), Vec::<String>::new());
    let nav = t.html(pagers[1]);
    assert_eq!(
        attrs(&nav, ".pagination a[rel=prev]", "href"),
        ["/sub/posts/"]
    );
    assert_eq!(texts(&nav, ".pagination-here"), ["Page 2 of 3"]);
    assert_eq!(
        attrs(&nav, "link[rel=canonical]", "href"),
        ["/sub/posts/page/2/"],
        "each pager is its own page"
    );
    let sitemap = t.read("sitemap.xml");
    assert!(sitemap.contains("/sub/posts/page/3/</loc>"), "{sitemap}");
}

#[test]
fn a_term_page_shows_fifty_mentions_and_links_the_full_paginated_list() {
    let t = site(0, None, 120);
    t.build_ok();
    let term = t.html("glossary/widget/index.html");
    let shown = texts(&term, ".mention-links > li > a");
    assert_eq!(shown.len(), 50);
    // Most mentions (sections) first, then by title.
    assert_eq!(
        shown[..6],
        ["Note 001", "Note 002", "Note 003", "Note 004", "Note 005", "Note 006"]
    );
    let more = attrs(&term, ".more-link a", "href");
    assert_eq!(more, ["/sub/glossary/widget/mentions/"]);
    assert!(texts(&term, ".more-link a")[0].contains("120"));

    let first = t.html("glossary/widget/mentions/index.html");
    let second = t.html("glossary/widget/mentions/2/index.html");
    let (a, b) = (
        texts(&first, ".mention-links > li > a"),
        texts(&second, ".mention-links > li > a"),
    );
    assert_eq!((a.len(), b.len()), (100, 20));
    assert_eq!(
        a[..50],
        shown[..],
        "the full list starts with what the term page shows"
    );
    let mut every: Vec<String> = a.iter().chain(&b).cloned().collect();
    every.sort();
    every.dedup();
    assert_eq!(every.len(), 120, "every mentioning page once");
    assert_eq!(
        attrs(&first, "link[rel=next]", "href"),
        ["/sub/glossary/widget/mentions/2/"]
    );
    assert_eq!(
        attrs(&second, "link[rel=prev]", "href"),
        ["/sub/glossary/widget/mentions/"]
    );
    assert!(!t.public().join("glossary/widget/mentions/3").exists());
    let crumbs = attrs(&first, ".breadcrumb a", "href");
    assert!(
        crumbs.contains(&"/sub/glossary/widget/".to_string()),
        "{crumbs:?}"
    );
}

#[test]
fn a_short_mention_list_has_no_full_list() {
    let t = site(0, None, 50);
    t.build_ok();
    let term = t.html("glossary/widget/index.html");
    assert_eq!(texts(&term, ".mention-links > li > a").len(), 50);
    assert!(texts(&term, ".more-link a").is_empty());
    assert!(!t.public().join("glossary/widget/mentions").exists());
}

#[test]
fn paginate_by_must_be_positive_and_belongs_to_sections() {
    let t = site(3, Some(0), 0);
    let out = t.run(&["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("content/posts/_index.md:3:1") && err.contains("`paginate_by` is 0"),
        "{err}"
    );
    assert!(err.contains("help: write a positive number"), "{err}");

    let t = site(3, None, 0);
    t.write(
        "content/posts/p001.md",
        "+++\ntitle = \"Post\"\npaginate_by = 2\n+++\n\nText.\n",
    );
    let err = stderr(&t.run(&["build"]));
    assert!(
        err.contains("content/posts/p001.md:3:1")
            && err.contains("unknown front-matter key `paginate_by`"),
        "{err}"
    );
}

#[test]
fn the_dev_server_gains_and_loses_a_full_mention_list_as_a_clean_build_would() {
    let t = site(12, Some(5), 50);
    let mut served = Served::new(&t);
    assert!(!served
        .files
        .contains_key("glossary/widget/mentions/index.html"));
    // The 51st mentioning page: the term gets its full list.
    t.edit("content/posts/p001.md", "Text 1.", "Text 1 with a widget.");
    let w = served.step(&t, Some(&["content/posts/p001.md"]), "51st mention");
    how(
        w,
        true,
        false,
        "a new page of the site is no quick-path target",
    );
    assert!(served
        .files
        .contains_key("glossary/widget/mentions/index.html"));
    // A word edit on a pager's page: targeted, and every pager stays as a clean build has it.
    t.edit("content/posts/p007.md", "Text 7.", "Text seven.");
    let w = served.step(&t, Some(&["content/posts/p007.md"]), "word edit");
    how(w, true, true, "word edit");
    // Back to 50: the full list goes.
    t.edit("content/posts/p001.md", "Text 1 with a widget.", "Text 1.");
    served.step(&t, Some(&["content/posts/p001.md"]), "50 again");
    assert!(!served
        .files
        .contains_key("glossary/widget/mentions/index.html"));
    assert!(served
        .changed
        .contains(&"glossary/widget/mentions/index.html".to_string()));
}

/// A page's "Terms on this page" list stays bounded: a page that mentions 34 terms lists the
/// 30 mentioned in the most sections, in the glossary's order, and says how many more its
/// text links.
#[test]
fn a_page_mentioning_many_terms_lists_thirty_and_counts_the_rest() {
    let names: Vec<String> = (1..=34).map(|i| format!("Gadget{i:02}")).collect();
    let t = SiteTest::from_files(&[
        ("config.toml", "title = \"Terms\"\nbase_url = \"/\"\n"),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
    ]);
    for n in &names {
        let slug = n.to_lowercase();
        t.write(
            &format!("content/glossary/{slug}.md"),
            &format!("+++\ntitle = \"{n}\"\nsummary = \"About {n}.\"\n+++\n\nText.\n"),
        );
    }
    // Gadget01 to Gadget04 appear in one section each; the others in two. (A list cut in the
    // glossary's order would keep the first four.)
    let (once, twice) = names.split_at(4);
    let body = format!(
        "## One\n\n{} {}\n\n## Two\n\n{}\n",
        twice.join(" "),
        once.join(" "),
        twice.join(" ")
    );
    t.write(
        "content/dense.md",
        &format!("+++\ntitle = \"Dense\"\n+++\n\n{body}"),
    );
    t.write(
        "content/light.md",
        "+++\ntitle = \"Light\"\n+++\n\nOnly Gadget33.\n",
    );
    t.build_ok();
    let dense = t.html("dense/index.html");
    let listed = texts(&dense, ".term-links > li > a");
    assert_eq!(listed, twice, "the thirty in two sections, in order");
    assert_eq!(
        texts(&dense, ".term-links + .more-link"),
        ["4 more terms are linked in the text."]
    );
    let tips = texts(&dense, ".content .term-ref");
    assert_eq!(tips.len(), 34, "the text still links every term: {tips:?}");

    let light = t.html("light/index.html");
    assert_eq!(texts(&light, ".term-links > li > a"), ["Gadget33"]);
    assert!(texts(&light, ".more-link").is_empty());
}

/// A site of twelve sections with weights 1–12 under `/sub/`, each with one page, and
/// `config_extra` in its config.toml.
fn many_sections(config_extra: &str) -> SiteTest {
    let config = format!("title = \"Wide\"\nbase_url = \"/sub/\"\n{config_extra}");
    let t = site_with_home(&config, &[]);
    for i in 1..=12 {
        t.write(
            &format!("content/s{i:02}/_index.md"),
            &format!("+++\ntitle = \"Section {i}\"\nweight = {i}\n+++\n"),
        );
        t.write(
            &format!("content/s{i:02}/one.md"),
            &format!("+++\ntitle = \"One of {i}\"\n+++\n\nText.\n"),
        );
    }
    t
}

#[test]
fn the_header_lists_eight_sections_the_page_s_own_and_a_link_to_the_rest() {
    let t = many_sections("");
    t.build_ok();
    let header = |page: &str| texts(&t.html(page), ".site-nav li a");
    let first_eight: Vec<String> = (1..=8).map(|i| format!("Section {i}")).collect();
    let more = ["More".to_string()];
    assert_eq!(
        header("s03/one/index.html"),
        [&first_eight[..], &more].concat()
    );
    let own = ["Section 11".to_string()];
    assert_eq!(
        header("s11/one/index.html"),
        [&first_eight[..], &own, &more].concat(),
        "a page past the limit still sees where it is"
    );
    let page = t.html("s11/one/index.html");
    assert_eq!(
        attrs(&page, ".site-nav a[aria-current]", "href"),
        ["/sub/s11/"]
    );
    assert_eq!(
        attrs(&page, ".site-nav .nav-more a", "href"),
        ["/sub/#home-explore-heading"]
    );
    // The home page's list, where "More" leads, has every section (the build's output
    // verifier has already checked that the fragment exists).
    assert_eq!(
        texts(&t.html("index.html"), ".cards .card-title a").len(),
        12
    );

    let all = many_sections("[nav]\nlimit = 0\n");
    all.build_ok();
    let header = texts(&all.html("s03/one/index.html"), ".site-nav li a");
    assert_eq!(header.len(), 12);
    assert!(!header.contains(&"More".to_string()));
}
