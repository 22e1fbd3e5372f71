//! Incremental compiles after edits that a fuzzer of the dev server found going stale: the
//! quick path and the Markdown cache must see what each edit changes.

mod common;

use common::quick::*;
use common::*;

const NOTE: &str = "content/notes/one.md";

#[test]
fn an_edit_of_japanese_text_alone_updates_the_reading_time_in_listings() {
    // Found by a fuzzer of the dev server: 400 kanji made 1,000 leave the word count as it was
    // (a run of kanji is one word) but triple the reading time (Japanese text counts by
    // character), and the quick path kept the section listing's "1 min read".
    let t = SiteTest::from_fixture("timeline");
    t.write(
        "content/notes/_index.md",
        "+++\ntitle = \"Notes\"\n+++\n\nNotes.\n",
    );
    let body = |n: usize| {
        format!(
            "+++\ntitle = \"One\"\n+++\n\nHello.\n\n{}\n",
            "日".repeat(n)
        )
    };
    t.write(NOTE, &body(400));
    let mut s = Served::new(&t);
    t.write(NOTE, &body(1000));
    s.step(&t, Some(&[NOTE]), "Japanese text only");
    assert!(
        s.changed.iter().any(|p| p == "notes/index.html"),
        "the listing is re-rendered: {:?}",
        s.changed
    );
}

#[test]
fn an_image_added_to_static_after_its_page_gets_its_size() {
    // Found by a fuzzer of the dev server: a missing file's size was not recorded, so creating
    // it re-rendered nothing and the page kept an `<img>` without `width` and `height`. (Not
    // through `Served`: until the file exists, a clean build's output verifier warns of the
    // image, and a cached compile does not run the verifier.)
    let t = SiteTest::from_fixture("timeline");
    t.write(
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/t/\"\n[link_check]\ninternal_level = \"warn\"\n",
    );
    t.write(
        NOTE,
        "+++\ntitle = \"One\"\n+++\n\n![A chart](/img/chart.svg)\n",
    );
    let mut cache = kaisetsu::CompileCache::incremental();
    let page = |cache: &mut kaisetsu::CompileCache, changed: Option<Vec<std::path::PathBuf>>| {
        cache.note_changes(changed);
        let ch = kaisetsu::compile_changes(&opts(&t), cache).expect("the compile succeeds");
        let file = ch
            .files
            .into_iter()
            .find(|(p, _)| p == "notes/one/index.html");
        file.map(|(_, b)| String::from_utf8(b.to_vec()).unwrap())
    };
    let img = |html: &str| {
        html[html.find("<img").expect("an image")..]
            .split('>')
            .next()
            .unwrap()
            .to_string()
    };
    let first = page(&mut cache, None).expect("the page is written");
    assert_eq!(img(&first), "<img src=\"/t/img/chart.svg\" alt=\"A chart\"");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"480\"></svg>";
    t.write("static/img/chart.svg", svg);
    let changed = vec![t.root().join("static/img/chart.svg")];
    let again = page(&mut cache, Some(changed)).expect("the page is written again");
    let sized = "<img src=\"/t/img/chart.svg\" alt=\"A chart\" width=\"640\" height=\"480\"";
    assert_eq!(img(&again), sized);
    let clean = clean(&t).expect("the clean build succeeds").0;
    assert_eq!(clean["notes/one/index.html"], again.into_bytes());
}
