//! Incremental compiles (issue 5): after any series of edits the cached compile equals a clean
//! full build, and a one-page edit re-renders only that page and the pages that show it.

mod common;

use common::*;
use kaisetsu::{compile, compile_cached, BuildOptions, CompileCache};

fn opts(t: &SiteTest) -> BuildOptions {
    BuildOptions {
        root: t.root().to_path_buf(),
        ..Default::default()
    }
}

/// One edit of the series: a name and what it does to the site.
type Step<'a> = (&'a str, Box<dyn Fn(&SiteTest) + 'a>);

fn assert_equal_to_clean(t: &SiteTest, cache: &mut CompileCache, step: &str) {
    let inc = compile_cached(&opts(t), cache);
    let clean = compile(&opts(t));
    match (inc, clean) {
        (Ok(a), Ok(b)) => {
            let (a, b) = (file_map(a.files), file_map(b.files));
            let differ = differing(&a, &b);
            assert!(
                differ.is_empty(),
                "{step}: incremental differs from clean build in {differ:?}"
            );
        }
        (Err(a), Err(b)) => assert_eq!(
            format!("{a:?}"),
            format!("{b:?}"),
            "{step}: different errors"
        ),
        (a, b) => panic!(
            "{step}: incremental {:?} vs clean {:?}",
            a.is_ok(),
            b.is_ok()
        ),
    }
}

#[test]
fn cached_compiles_equal_clean_builds_through_a_series_of_edits() {
    let t = SiteTest::from_fixture("timeline");
    let mut cache = CompileCache::incremental();
    assert_equal_to_clean(&t, &mut cache, "first build");
    let explainer = "content/explainer.md";
    let original = std::fs::read_to_string(t.root().join(explainer)).unwrap();
    let steps: Vec<Step> = vec![
        (
            "one word",
            Box::new(|t: &SiteTest| {
                t.write(
                    "content/explainer.md",
                    &original.replace("stated", "declared"),
                )
            }),
        ),
        (
            "new mention of a term",
            Box::new(|t: &SiteTest| {
                t.write(
                    "content/explainer.md",
                    &format!("{original}\n## Terms\n\nThe export principles matter.\n"),
                )
            }),
        ),
        (
            "term summary changed",
            Box::new(|t: &SiteTest| {
                t.write("content/glossary/export-principles.md", "+++\ntitle = \"Export principles\"\nsummary = \"Changed summary.\"\n+++\n\nThe rules.\n")
            }),
        ),
        (
            "new alias",
            Box::new(|t: &SiteTest| {
                t.write("content/glossary/export-principles.md", "+++\ntitle = \"Export principles\"\naliases = [\"principles\"]\nsummary = \"Changed summary.\"\n+++\n\nThe rules.\n")
            }),
        ),
        (
            "event date moved",
            Box::new(|t: &SiteTest| {
                t.write("content/timeline/1967-year.md", "+++\ntitle = \"Something in 1967\"\ndate = \"1999\"\ntags = [\"constitution\"]\n+++\n\nMoved.\n")
            }),
        ),
        (
            "new page",
            Box::new(|t: &SiteTest| {
                t.write(
                    "content/new.md",
                    "+++\ntitle = \"New\"\n+++\n\nLinks [the explainer](@/explainer.md#later).\n",
                )
            }),
        ),
        (
            "broken front matter",
            Box::new(|t: &SiteTest| t.write("content/new.md", "+++\ntitle = \"New\n+++\n")),
        ),
        (
            "fixed again",
            Box::new(|t: &SiteTest| {
                t.write(
                    "content/new.md",
                    "+++\ntitle = \"New again\"\n+++\n\nText.\n",
                )
            }),
        ),
        (
            "page deleted",
            Box::new(|t: &SiteTest| std::fs::remove_file(t.root().join("content/new.md")).unwrap()),
        ),
        (
            "heading renamed breaks an anchor",
            Box::new(|t: &SiteTest| {
                t.write(
                    "content/explainer.md",
                    &original.replace("## Later", "## Afterwards"),
                )
            }),
        ),
        (
            "restored",
            Box::new(|t: &SiteTest| t.write("content/explainer.md", &original)),
        ),
        (
            "config changed",
            Box::new(|t: &SiteTest| {
                t.write(
                    "config.toml",
                    "title = \"Renamed\"\nbase_url = \"https://example.org/t/\"\n",
                )
            }),
        ),
    ];
    for (name, step) in steps {
        step(&t);
        assert_equal_to_clean(&t, &mut cache, name);
    }
}

#[test]
fn a_one_word_edit_re_renders_only_that_page() {
    let t = SiteTest::from_fixture("timeline");
    let mut cache = CompileCache::incremental();
    compile_cached(&opts(&t), &mut cache).unwrap();
    let first = cache.last;
    assert_eq!(first.markdown_rendered, first.docs_loaded);
    assert_eq!(first.pages_rendered, first.pages);
    let text = std::fs::read_to_string(t.root().join("content/explainer.md")).unwrap();
    t.write(
        "content/explainer.md",
        &text.replace("new rules came", "new rules arrived"),
    );
    compile_cached(&opts(&t), &mut cache).unwrap();
    let w = cache.last;
    assert_eq!(
        (w.docs_loaded, w.markdown_rendered, w.pages_rendered),
        (1, 1, 1),
        "{w:?}"
    );
    // Nothing changed: nothing is redone.
    compile_cached(&opts(&t), &mut cache).unwrap();
    assert_eq!(
        (
            cache.last.docs_loaded,
            cache.last.markdown_rendered,
            cache.last.pages_rendered
        ),
        (0, 0, 0)
    );
}

#[test]
fn a_new_mention_re_renders_the_page_and_the_term_page_that_lists_it() {
    let t = SiteTest::from_fixture("timeline");
    let mut cache = CompileCache::incremental();
    compile_cached(&opts(&t), &mut cache).unwrap();
    let text = std::fs::read_to_string(t.root().join("content/explainer.md")).unwrap();
    t.write(
        "content/explainer.md",
        &format!("{text}\nThe export principles again.\n"),
    );
    let site = compile_cached(&opts(&t), &mut cache).unwrap();
    let w = cache.last;
    assert_eq!(w.markdown_rendered, 1, "{w:?}");
    // The explainer, the term page that lists it under "Mentioned in", and the home section
    // that lists the explainer with its (now larger) word count.
    assert_eq!(w.pages_rendered, 3, "{w:?}");
    let term = file_map(site.files)
        .remove("glossary/export-principles/index.html")
        .unwrap();
    assert!(String::from_utf8_lossy(&term).contains("/t/explainer/"));
}

/// Class names number the looks of the configured themes, so a cached rendering of a code block
/// must not outlive a change of theme (issue 17).
#[test]
fn a_changed_highlight_theme_re_renders_code_blocks() {
    let t = SiteTest::from_fixture("basic");
    let mut cache = CompileCache::incremental();
    let page = |cache: &mut CompileCache| {
        let out = file_map(compile_cached(&opts(&t), cache).expect("builds").files);
        String::from_utf8(out["notes/one/index.html"].clone()).unwrap()
    };
    let before = page(&mut cache);
    let config = std::fs::read_to_string(t.root().join("config.toml")).unwrap();
    let config = config.replace(
        "[extra]",
        "[markdown]\nhighlight_theme = \"Solarized (light)\"\n\n[extra]",
    );
    t.write("config.toml", &config);
    assert_ne!(
        before,
        page(&mut cache),
        "the code block kept its old classes"
    );
    assert_equal_to_clean(&t, &mut cache, "light theme changed");
    t.write(
        "config.toml",
        &config.replace(
            "[markdown]\n",
            "[markdown]\nhighlight_theme_dark = \"Solarized (dark)\"\n",
        ),
    );
    assert_equal_to_clean(&t, &mut cache, "dark theme changed");
}

/// See: issue 20. A page bundle's files follow its page's URL (`path`, `slug`) and `render`:
/// in the dev server, editing either, the page's body or one of the files leaves what a clean
/// build makes after every step, files moved and removed included.
#[test]
fn a_bundles_files_follow_edits_to_its_path_and_render() {
    use common::quick::Served;
    const PAGE: &str = "content/notes/bundle/index.md";
    const FILE: &str = "content/notes/bundle/diagram.svg";
    let t = SiteTest::from_fixture("basic");
    // Nothing links to the page (a link to it is an error while it has `render = false`).
    t.edit(
        "content/_index.md",
        " or [the bundle](@/notes/bundle/index.md)",
        "",
    );
    let page = |front: &str, body: &str| {
        t.write(
            PAGE,
            &format!("+++\ntitle = \"A bundle\"\n{front}+++\n\n{body} ![diagram](diagram.svg) <img src=\"diagram.svg\" alt=\"raw\">\n"),
        )
    };
    let mut s = Served::new(&t);
    page("path = \"2024/bundle\"\n", "Moved.");
    s.step(&t, Some(&[PAGE]), "path set");
    assert!(s.files.contains_key("2024/bundle/diagram.svg"));
    assert!(!s.files.contains_key("notes/bundle/diagram.svg"));
    // Same size (the pages show it as `width` and `height`), other contents.
    let svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect/></svg>\n";
    t.write(FILE, svg);
    s.step(&t, Some(&[FILE]), "file edited");
    assert_eq!(s.changed, ["2024/bundle/diagram.svg"]);
    // Another size: the page writes the new `width` and `height` (so a clean build differs
    // until its Markdown is rendered again).
    t.write(
        FILE,
        &svg.replace("\"10\" height=\"10\"", "\"20\" height=\"30\""),
    );
    s.step(&t, Some(&[FILE]), "file resized");
    let html = String::from_utf8_lossy(&s.files["2024/bundle/index.html"]).into_owned();
    assert!(html.contains("width=\"20\" height=\"30\""), "{html}");
    assert!(s.changed.contains(&"2024/bundle/index.html".to_string()));
    t.write(FILE, svg);
    s.step(&t, None, "file resized back, changes not said");
    page("path = \"2025/bundle\"\n", "Moved again.");
    s.step(&t, Some(&[PAGE]), "path changed");
    page("path = \"2025/bundle\"\nrender = false\n", "Hidden.");
    s.step(&t, Some(&[PAGE]), "render = false");
    let left: Vec<&String> = s.files.keys().filter(|f| f.contains("bundle/")).collect();
    assert!(left.is_empty(), "{left:?}");
    page(
        "path = \"2025/bundle\"\nrender = false\n",
        "Hidden, edited.",
    );
    s.step(&t, Some(&[PAGE]), "body of a page not written");
    page("slug = \"renamed\"\n", "Written again.");
    s.step(&t, Some(&[PAGE]), "render back, slug set");
    assert!(s.files.contains_key("notes/renamed/diagram.svg"));
    page("", "Back home.");
    s.step(&t, None, "unknown changes");
    assert!(s.files.contains_key("notes/bundle/diagram.svg"));
}
