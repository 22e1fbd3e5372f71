//! Incremental compiles told which files changed (as the dev server's watcher does): the quick
//! path patches the last compile for body-only edits and renders only the pages that can show
//! them. After every step the files a server would hold (the first compile's files with each
//! [`compile_changes`] applied) equal a clean full build.

mod common;

use common::quick::*;
use common::*;

const EXPLAINER: &str = "content/explainer.md";
const EVENT: &str = "content/timeline/1967-04-21-principles.md";
const TERM: &str = "content/glossary/export-principles.md";
const NOTE: &str = "content/notes/one.md";

#[test]
fn body_edits_render_only_the_pages_that_show_them() {
    let t = SiteTest::from_fixture("timeline");
    t.write(
        "content/notes/_index.md",
        "+++\ntitle = \"Notes\"\n+++\n\nNotes.\n",
    );
    t.write(
        NOTE,
        "+++\ntitle = \"One\"\n+++\n\nFirst words.\n\nLater words.\n",
    );
    let mut s = Served::new(&t);
    t.edit(EXPLAINER, "new rules came", "new rules arrived");
    let w = s.step(&t, Some(&[EXPLAINER]), "one word");
    how(w, true, true, "one word");
    assert_eq!(
        (w.docs_loaded, w.markdown_rendered, w.pages_rendered),
        (1, 1, 1),
        "{w:?}"
    );
    assert_eq!(s.changed, ["explainer/index.html"]);
    // The explainer's entry in the search index and the shards of the two words.
    assert!(s
        .index_changed
        .iter()
        .any(|p| p.starts_with("search-index/d/")));
    assert!(s
        .index_changed
        .iter()
        .any(|p| p.starts_with("search-index/s/")));
    assert!(s.index_changed.len() <= 3, "{:?}", s.index_changed);
    // A heading renamed: the pages linked from under it list it among their backlinks.
    t.edit(EXPLAINER, "## Early years", "## First years");
    let w = s.step(&t, Some(&[EXPLAINER]), "heading above a link renamed");
    how(w, true, true, "heading above a link renamed");
    assert_eq!(
        s.changed,
        [
            "explainer/index.html",
            "timeline/1967-04-21-principles/index.html"
        ]
    );
    t.edit(EXPLAINER, "## First years", "## Early years");
    s.step(&t, Some(&[EXPLAINER]), "heading restored");
    // The first paragraph and word count are in the home section's listing of the explainer
    // (its context changes, though the default home template shows neither).
    t.edit(EXPLAINER, "In 1967 [the", "In April 1967 [the");
    let w = s.step(&t, Some(&[EXPLAINER]), "first paragraph");
    how(w, true, true, "first paragraph");
    assert_eq!(w.pages_rendered, 2, "{w:?}");
    // An event's summary shows on the timeline and its topic pages.
    t.edit(EVENT, "Prime Minister Sato", "Prime Minister Eisaku Sato");
    let w = s.step(&t, Some(&[EVENT]), "event summary");
    how(w, true, true, "event summary");
    assert!(
        s.changed.contains(&"timeline/index.html".to_string()),
        "{:?}",
        s.changed
    );
    assert!(s
        .changed
        .contains(&"timeline/topics/export-policy/index.html".to_string()));
    // A term's first paragraph is in the glossary section's listing (whose template shows
    // the term summaries instead).
    t.edit(TERM, "The rules.", "The rules on exports.");
    let w = s.step(&t, Some(&[TERM]), "term body");
    how(w, true, true, "term body");
    assert_eq!(w.pages_rendered, 2, "{w:?}");
    // A section template that shows its pages' summaries.
    t.edit(NOTE, "First words", "Opening words");
    let w = s.step(&t, Some(&[NOTE]), "summary in a section listing");
    how(w, true, true, "summary in a section listing");
    assert_eq!(s.changed, ["notes/index.html", "notes/one/index.html"]);
    t.edit(NOTE, "Later words.", "Later words, more of them.");
    let w = s.step(&t, Some(&[NOTE]), "word count only");
    how(w, true, true, "word count only");
    assert_eq!(s.changed, ["notes/one/index.html"]);
    // Saved without a change: nothing is redone.
    t.write(
        EXPLAINER,
        &std::fs::read_to_string(t.root().join(EXPLAINER)).unwrap(),
    );
    let w = s.step(&t, Some(&[EXPLAINER]), "touched");
    how(w, true, true, "touched");
    assert_eq!((w.docs_loaded, w.pages_rendered), (0, 0), "{w:?}");
    assert!(s.changed.is_empty(), "{:?}", s.changed);
}

#[test]
fn edits_of_links_mentions_citations_and_code() {
    let t = SiteTest::from_fixture("timeline");
    let mut s = Served::new(&t);
    let explainer = std::fs::read_to_string(t.root().join(EXPLAINER)).unwrap();
    t.write(
        EXPLAINER,
        &format!("{explainer}\nSee [the term](@/glossary/export-principles.md).\n"),
    );
    let w = s.step(&t, Some(&[EXPLAINER]), "link to another page");
    how(w, true, true, "link to another page");
    assert!(
        s.changed
            .contains(&"glossary/export-principles/index.html".to_string()),
        "{:?}",
        s.changed
    );
    t.write(
        EXPLAINER,
        &format!("{explainer}\n## Terms\n\nThe export principles matter.\n"),
    );
    let w = s.step(&t, Some(&[EXPLAINER]), "new mention of a term");
    how(w, true, true, "new mention of a term");
    let term_page = "glossary/export-principles/index.html".to_string();
    assert!(s.changed.contains(&term_page), "{:?}", s.changed);
    t.write(
        EXPLAINER,
        &format!("{explainer}\n```rust\nfn main() {{}}\n```\n"),
    );
    let w = s.step(&t, Some(&[EXPLAINER]), "code block");
    how(w, true, false, "code block");
    assert!(
        s.changed.contains(&"syntax.css".to_string()),
        "{:?}",
        s.changed
    );
    t.write(EXPLAINER, &explainer);
    let w = s.step(&t, Some(&[EXPLAINER]), "code block removed");
    how(w, true, false, "code block removed");
    assert!(
        s.changed.contains(&"syntax.css".to_string()),
        "{:?}",
        s.changed
    );
    t.edit(EVENT, "[@mofa].", "[@mofa]. Cited twice [@mofa].");
    let w = s.step(&t, Some(&[EVENT]), "same source cited again");
    how(w, true, true, "same source cited again");
    t.edit(EVENT, "[@mofa]. Cited twice [@mofa].", "(uncited).");
    let w = s.step(&t, Some(&[EVENT]), "citation removed");
    how(w, true, true, "citation removed");
    assert!(
        s.changed.contains(&"sources/index.html".to_string()),
        "{:?}",
        s.changed
    );
    t.edit(EVENT, "(uncited).", "[@mofa].");
    let w = s.step(&t, Some(&[EVENT]), "citation restored");
    how(w, true, true, "citation restored");
    assert!(
        s.changed.contains(&"sources/index.html".to_string()),
        "{:?}",
        s.changed
    );
    t.edit(
        EXPLAINER,
        "title = \"The explainer\"",
        "title = \"The explainer, renamed\"",
    );
    let w = s.step(&t, Some(&[EXPLAINER]), "title");
    how(w, true, false, "title");
    t.edit(TERM, "Rules on arms exports.", "Changed summary.");
    let w = s.step(&t, Some(&[TERM]), "term summary");
    how(w, true, false, "term summary");
    t.edit(EVENT, "date = \"1967-04-21\"", "date = \"1999\"");
    let w = s.step(&t, Some(&[EVENT]), "event date");
    how(w, true, false, "event date");
    // Front matter edits patch the site but rebuild the index and hash every context.
    t.edit(TERM, "summary =", "aliases = [\"principles\"]\nsummary =");
    let w = s.step(&t, Some(&[TERM]), "new alias");
    how(w, true, false, "new alias");
    assert!(w.markdown_rendered > 1, "{w:?}");
    t.edit(
        EXPLAINER,
        "+++\n\n",
        "slug = \"moved\"\nredirect_from = [\"old/\"]\n+++\n\n",
    );
    let w = s.step(&t, Some(&[EXPLAINER]), "slug and redirect");
    how(w, true, false, "slug and redirect");
    assert!(
        s.changed.contains(&"explainer/index.html".to_string()),
        "{:?}",
        s.changed
    );
    assert!(
        s.changed.contains(&"moved/index.html".to_string()),
        "{:?}",
        s.changed
    );
    t.edit(EXPLAINER, "+++\n\n", "template = \"nope.html\"\n+++\n\n");
    let w = s.step(&t, Some(&[EXPLAINER]), "unknown template");
    how(w, true, false, "unknown template");
    t.edit(EXPLAINER, "template = \"nope.html\"\n", "");
    t.edit(EVENT, "Prime Minister", "The Prime Minister");
    let w = s.step(
        &t,
        Some(&[EXPLAINER, EVENT]),
        "template fixed, another body edited",
    );
    how(w, true, false, "template fixed, another body edited");
    t.edit(EXPLAINER, "+++\n\n", "draft = true\n+++\n\n");
    let w = s.step(&t, Some(&[EXPLAINER]), "made a draft");
    how(w, false, false, "made a draft");
    t.edit(EXPLAINER, "draft = true\n", "");
    let w = s.step(&t, Some(&[EXPLAINER]), "published again");
    how(w, false, false, "published again");
}

#[test]
fn created_deleted_and_renamed_files() {
    let t = SiteTest::from_fixture("timeline");
    let mut s = Served::new(&t);
    t.write(
        "content/new.md",
        "+++\ntitle = \"New\"\n+++\n\nLinks [the explainer](@/explainer.md#later).\n",
    );
    let w = s.step(&t, Some(&["content/new.md"]), "created");
    how(w, false, false, "created");
    t.edit("content/new.md", "Links", "Still links");
    let w = s.step(&t, Some(&["content/new.md"]), "created page edited");
    how(w, true, true, "created page edited");
    assert_eq!(w.pages_rendered, 2, "{w:?}");
    // A heading that another page links to, renamed: only the anchor changes, which no page
    // shows, but the other page's link breaks.
    let new = std::fs::read_to_string(t.root().join("content/new.md")).unwrap();
    t.write("content/new.md", &format!("{new}\n## Extra\n\nMore.\n"));
    let w = s.step(&t, Some(&["content/new.md"]), "heading added");
    how(w, true, true, "heading added");
    let explainer = std::fs::read_to_string(t.root().join(EXPLAINER)).unwrap();
    t.write(
        EXPLAINER,
        &format!("{explainer}\nSee [extra](@/new.md#extra).\n"),
    );
    let w = s.step(&t, Some(&[EXPLAINER]), "link to the heading");
    how(w, true, true, "link to the heading");
    t.edit("content/new.md", "## Extra", "## Other");
    let w = s.step(&t, Some(&["content/new.md"]), "linked heading renamed");
    how(w, true, true, "linked heading renamed");
    assert_eq!(s.cache.last.pages_rendered, 1);
    t.edit("content/new.md", "## Other", "## Extra");
    let w = s.step(&t, Some(&["content/new.md"]), "linked heading restored");
    how(w, true, false, "linked heading restored");
    t.write(EXPLAINER, &explainer);
    let w = s.step(&t, Some(&[EXPLAINER]), "link removed");
    how(w, true, true, "link removed");
    // A heading renamed in one page breaks an anchor in another: the edit is body-only, but
    // the error must still be reported.
    t.edit(EXPLAINER, "## Later", "## Afterwards");
    let w = s.step(&t, Some(&[EXPLAINER]), "anchor broken elsewhere");
    how(w, true, true, "anchor broken elsewhere");
    t.edit(EXPLAINER, "## Afterwards", "## Later");
    let w = s.step(&t, Some(&[EXPLAINER]), "anchor fixed");
    how(w, true, false, "anchor fixed");
    t.edit(
        "content/new.md",
        "+++\n\n",
        "+++\n\nSee [nothing](@/missing.md).\n\n",
    );
    let w = s.step(&t, Some(&["content/new.md"]), "broken link");
    how(w, true, true, "broken link");
    t.edit("content/new.md", "See [nothing](@/missing.md).\n\n", "");
    let w = s.step(&t, Some(&["content/new.md"]), "broken link fixed");
    how(w, true, false, "broken link fixed");
    t.write("content/new.md", "+++\ntitle = \"New\n+++\n");
    let w = s.step(&t, Some(&["content/new.md"]), "broken front matter");
    how(w, false, false, "broken front matter");
    t.write("content/new.md", "+++\ntitle = \"New\"\n+++\n\nFixed.\n");
    let w = s.step(&t, Some(&["content/new.md"]), "front matter fixed");
    how(w, false, false, "front matter fixed");
    std::fs::rename(
        t.root().join("content/new.md"),
        t.root().join("content/newer.md"),
    )
    .unwrap();
    let w = s.step(&t, Some(&["content/new.md", "content/newer.md"]), "renamed");
    how(w, false, false, "renamed");
    assert!(
        s.changed.contains(&"new/index.html".to_string()),
        "{:?}",
        s.changed
    );
    std::fs::remove_file(t.root().join("content/newer.md")).unwrap();
    let w = s.step(&t, Some(&["content/newer.md"]), "deleted");
    how(w, false, false, "deleted");
    // Saved through a temporary file renamed over the page (as `sed -i` does).
    let text = std::fs::read_to_string(t.root().join(EXPLAINER)).unwrap();
    t.write(
        "content/sedX1y2Z3",
        &text.replace("In 1967", "In the year 1967"),
    );
    std::fs::rename(t.root().join("content/sedX1y2Z3"), t.root().join(EXPLAINER)).unwrap();
    let w = s.step(
        &t,
        Some(&["content/sedX1y2Z3", EXPLAINER]),
        "saved via a temp file",
    );
    how(w, true, true, "saved via a temp file");
    // A folder renamed: only the folder's old and new paths are reported.
    t.write(
        "content/dir/_index.md",
        "+++\ntitle = \"Dir\"\n+++\n\nA folder.\n",
    );
    t.write(
        "content/dir/page.md",
        "+++\ntitle = \"In dir\"\n+++\n\nInside.\n",
    );
    let w = s.step(&t, Some(&["content/dir"]), "folder created");
    how(w, false, false, "folder created");
    std::fs::rename(
        t.root().join("content/dir"),
        t.root().join("content/folder"),
    )
    .unwrap();
    let w = s.step(&t, Some(&["content/dir"]), "folder renamed (old path only)");
    how(w, false, false, "folder renamed (old path only)");
    std::fs::remove_dir_all(t.root().join("content/folder")).unwrap();
    let w = s.step(&t, Some(&["content/folder"]), "folder deleted");
    how(w, false, false, "deleted");
    t.write("content/figure.txt", "one");
    let w = s.step(&t, Some(&["content/figure.txt"]), "asset created");
    how(w, false, false, "asset created");
    t.write("content/figure.txt", "two");
    let w = s.step(&t, Some(&["content/figure.txt"]), "asset edited");
    how(w, true, true, "asset edited");
    assert_eq!((w.docs_loaded, w.pages_rendered), (0, 0), "{w:?}");
    assert_eq!(s.changed, ["figure.txt"]);
    t.write("static/site.css", "body {}");
    let w = s.step(&t, Some(&["static"]), "static folder created");
    how(w, false, false, "static folder created");
    t.write("static/site.css", "body { color: red }");
    let w = s.step(&t, Some(&["static/site.css"]), "static file edited");
    how(w, true, true, "static file edited");
    assert_eq!(s.changed, ["site.css"]);
    std::fs::remove_file(t.root().join("static/site.css")).unwrap();
    let w = s.step(&t, Some(&["static/site.css"]), "static file deleted");
    how(w, false, false, "static file deleted");
    assert_eq!(s.changed, ["site.css"]);
    t.edit(EXPLAINER, "new rules came", "new rules arrived");
    let w = s.step(&t, None, "unknown changes");
    how(w, false, false, "unknown changes");
}

/// See: issue 14. Editing, adding and deleting translations updates both languages' pages that
/// show them (alternates, language switches, listings, fallback links, glossary links), equal
/// to a clean build after every step.
#[test]
fn translations_edited_added_and_deleted() {
    let t = SiteTest::from_fixture("i18n/basic");
    let mut s = Served::new(&t);
    let one = "content/notes/one.ja.md";
    t.edit(
        one,
        "個別的自衛権はより古い概念である。",
        "個別的自衛権は古い。",
    );
    s.step(&t, Some(&[one]), "translation body");
    t.edit(one, "title = \"最初のノート\"", "title = \"第一のノート\"");
    s.step(&t, Some(&[one]), "translation title");
    let en = "content/notes/one.md";
    t.edit(en, "date = 2024-05-01", "date = 2024-05-02");
    s.step(&t, Some(&[en]), "original's date, taken by the translation");
    let two = "content/notes/two.ja.md";
    t.write(
        two,
        "+++\ntitle = \"二つ目のノート\"\n+++\n\n[最初](@/notes/one.md)へ戻る。\n",
    );
    s.step(&t, Some(&[two]), "translation added");
    let term = "content/glossary/individual-self-defense.ja.md";
    t.write(
        term,
        "+++\ntitle = \"個別的自衛権\"\nreading = \"こべつてきじえいけん\"\nsummary = \"自国への武力攻撃に対する自衛の権利。\"\n+++\n\n自国を守る権利。\n",
    );
    s.step(&t, Some(&[term]), "term translation added");
    std::fs::remove_file(t.root().join(two)).unwrap();
    s.step(&t, Some(&[two]), "translation deleted");
    std::fs::remove_file(t.root().join(term)).unwrap();
    s.step(&t, Some(&[term]), "term translation deleted");
    s.step(&t, None, "full rebuild");
}

/// The dev server's order (issue 15): with the index deferred, a quick compile returns the
/// edited page without the search index, and `search_changes` then returns the index; both
/// applied equal a clean build. A full compile never defers.
#[test]
fn a_deferred_search_index_follows_the_page_and_ends_equal_to_a_clean_build() {
    use kaisetsu::{compile_changes, search_changes, CompileCache};
    let is_index = |p: &String| p.starts_with("search-index/");
    let t = SiteTest::from_fixture("timeline");
    let mut cache = CompileCache::incremental();
    cache.defer_search(true);
    let first = compile_changes(&opts(&t), &mut cache).unwrap();
    assert!(
        first.files.iter().any(|(p, _)| is_index(p)),
        "a full compile has the index"
    );
    assert!(search_changes(&mut cache).unwrap().is_none());
    let mut served: std::collections::BTreeMap<String, Vec<u8>> = first
        .files
        .into_iter()
        .map(|(p, b)| (p, b.to_vec()))
        .collect();

    t.edit(EXPLAINER, "replacing", "superseding");
    cache.note_changes(Some(vec![t.root().join(EXPLAINER)]));
    let page = compile_changes(&opts(&t), &mut cache).unwrap();
    how(cache.last, true, true, "one-word edit");
    assert!(page.files.iter().any(|(p, _)| p == "explainer/index.html"));
    assert!(
        !page.files.iter().any(|(p, _)| is_index(p)),
        "the index is left for later"
    );
    served.extend(page.files.into_iter().map(|(p, b)| (p, b.to_vec())));

    let index = search_changes(&mut cache)
        .unwrap()
        .expect("the index follows");
    assert!(!index.files.is_empty() && index.files.iter().all(|(p, _)| is_index(p)));
    served.extend(index.files.into_iter().map(|(p, b)| (p, b.to_vec())));
    assert!(search_changes(&mut cache).unwrap().is_none(), "once");
    let (clean, _) = clean(&t).unwrap();
    let differ = differing(&served, &clean);
    assert!(
        differ.is_empty(),
        "served differs from a clean build in {differ:?}"
    );
}
