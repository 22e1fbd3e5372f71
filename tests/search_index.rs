//! The search index a build writes (issue 15), read back the way the browser's client reads
//! it: `meta.json`, the shard a term hashes to, the page files. Covers what is indexed
//! (drafts and `search = false` are not, with or without `--drafts`), stemming, names and
//! boosting, Japanese pairs, heading anchors, `[search] enabled = false`, incremental
//! compiles writing the same index as a clean build, and text with character references before
//! wide characters (which once crashed the build).

mod common;

use common::SiteTest;
use kaisetsu::search::tokens::{name_shard_of, shard_of};
use kaisetsu::{compile, compile_cached, BuildOptions, CompileCache};
use serde_json::Value;
use std::collections::BTreeMap;

/// One language's index, as files in memory.
struct Index {
    files: BTreeMap<String, Vec<u8>>,
    dir: String,
}

impl Index {
    fn of(files: &BTreeMap<String, Vec<u8>>, prefix: &str) -> Index {
        Index {
            files: files.clone(),
            dir: format!("{prefix}search-index"),
        }
    }

    fn json(&self, rel: &str) -> Value {
        let path = format!("{}/{rel}", self.dir);
        let bytes = self.files.get(&path).unwrap_or_else(|| panic!("no {path}"));
        serde_json::from_slice(bytes).unwrap()
    }

    fn shard(&self, term: &str) -> Value {
        let n = self.json("meta.json")["shards"].as_u64().unwrap() as u32;
        self.json(&format!("s/{}.json", shard_of(term, n)))
    }

    fn url(&self, doc: u64) -> String {
        self.json(&format!("d/{doc}.json"))["u"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The pages of `term` (a stem or a pair) with their scores, as the client decodes them.
    fn postings(&self, term: &str) -> Vec<(String, u64)> {
        let list = self.shard(term)["t"][term].clone();
        let list = list.as_array().cloned().unwrap_or_default();
        let mut doc = 0;
        let mut out = Vec::new();
        for pair in list.chunks(2) {
            doc += pair[0].as_u64().unwrap();
            out.push((self.url(doc), pair[1].as_u64().unwrap()));
        }
        out
    }

    /// The pages whose title or other name is `key` (a name key: folded runs, spaced).
    fn named(&self, key: &str) -> Vec<String> {
        let n = self.json("meta.json")["shards"].as_u64().unwrap() as u32;
        let docs = self.json(&format!("n/{}.json", name_shard_of(key, n)))[key].clone();
        let docs = docs.as_array().cloned().unwrap_or_default();
        docs.iter().map(|d| self.url(d.as_u64().unwrap())).collect()
    }

    /// Every page's URL.
    fn urls(&self) -> Vec<String> {
        let n = self.json("meta.json")["docs"].as_u64().unwrap();
        (0..n).map(|d| self.url(d)).collect()
    }
}

fn built(t: &SiteTest, drafts: bool) -> BTreeMap<String, Vec<u8>> {
    let opts = BuildOptions {
        root: t.root().to_path_buf(),
        drafts,
        ..Default::default()
    };
    let site = compile(&opts).expect("the fixture compiles");
    common::file_map(site.files)
}

fn urls(list: &[(String, u64)]) -> Vec<&str> {
    list.iter().map(|(u, _)| u.as_str()).collect()
}

#[test]
fn drafts_and_opted_out_pages_are_never_indexed() {
    let t = SiteTest::from_fixture("search/basic");
    for drafts in [false, true] {
        let files = built(&t, drafts);
        let en = Index::of(&files, "");
        let pages = en.urls();
        assert!(
            pages.contains(&"/sub/notes/exports/".to_string()),
            "{pages:?}"
        );
        assert!(
            !pages
                .iter()
                .any(|u| u.contains("hidden") || u.contains("draft")),
            "{pages:?}"
        );
        assert!(en.postings("zebracorn").is_empty(), "drafts: {drafts}");
        assert!(!en.shard("zebracorn")["w"]
            .as_object()
            .unwrap()
            .contains_key("zebracorn"));
    }
    // The draft page itself is built with --drafts: only the index leaves it out.
    assert!(built(&t, true).contains_key("notes/draft/index.html"));
}

#[test]
fn words_are_found_by_their_stem_and_the_surface_form_maps_to_it() {
    let t = SiteTest::from_fixture("search/basic");
    let en = Index::of(&built(&t, false), "");
    // On the page: "exports" in the title (30), "exporting" and "exported" in the text (2);
    // on the home page "exports" once in the text.
    let export = en.postings("export");
    let want = [
        ("/sub/".to_string(), 1),
        ("/sub/notes/exports/".to_string(), 32),
    ];
    assert_eq!(export, want);
    for surface in ["exports", "exporting", "exported"] {
        assert_eq!(en.shard(surface)["w"][surface], "export", "{surface}");
    }
    let stop = en.json("meta.json")["stop"].clone();
    assert!(stop.as_array().unwrap().contains(&Value::from("the")));
    assert!(en.postings("the").is_empty());
}

#[test]
fn a_terms_names_are_boosted_fields_and_exact_names_are_keyed() {
    let t = SiteTest::from_fixture("search/basic");
    let files = built(&t, false);
    let en = Index::of(&files, "");
    let term = "/sub/glossary/patriot/";
    assert_eq!(en.named("pac 3"), [term]);
    assert_eq!(en.named("patoriotto"), [term]);
    assert_eq!(en.named("パトリオット"), [term]);
    assert_eq!(en.named("patriot"), [term]);
    // Romaji and the alias are name fields (20), the title 30.
    assert_eq!(en.postings("patoriotto"), [(term.to_string(), 20)]);
    assert_eq!(en.postings("pac"), [(term.to_string(), 20)]);
    assert_eq!(en.postings("patriot"), [(term.to_string(), 30)]);
    // The Japanese name is indexed as pairs on the English page too.
    assert_eq!(urls(&en.postings("トリ")), [term]);
    let ja = Index::of(&files, "ja/");
    assert_eq!(ja.named("ぱとりおっと"), ["/sub/ja/glossary/patriot/"]);
}

#[test]
fn japanese_pages_are_indexed_in_pairs_and_words_in_their_own_index() {
    let t = SiteTest::from_fixture("search/basic");
    let files = built(&t, false);
    let ja = Index::of(&files, "ja/");
    let page = "/sub/ja/notes/exports/";
    // A part of the compound 集団的自衛権 finds it: every pair of 自衛権.
    for pair in ["自衛", "衛権"] {
        assert_eq!(urls(&ja.postings(pair)), [page], "{pair}");
    }
    assert!(urls(&ja.postings("輸出")).contains(&page));
    assert!(ja.urls().iter().all(|u| u.starts_with("/sub/ja/")));
    assert!(Index::of(&files, "").postings("自衛").is_empty());
}

#[test]
fn page_files_carry_the_text_under_each_heading_with_its_anchor() {
    let t = SiteTest::from_fixture("search/basic");
    let en = Index::of(&built(&t, false), "");
    let doc = (0..en.urls().len() as u64)
        .find(|&d| en.url(d) == "/sub/notes/exports/")
        .unwrap();
    let page = en.json(&format!("d/{doc}.json"));
    assert_eq!(page["t"], "How exports work");
    assert_eq!(page["k"], "page");
    assert_eq!(page["d"], "1 May 2024");
    let sections = page["s"].as_array().unwrap();
    assert_eq!(sections[0][0], "");
    assert_eq!(sections[1][0], "licences");
    assert_eq!(sections[1][1], "Licensed production");
    assert!(sections[1][2]
        .as_str()
        .unwrap()
        .starts_with("Missiles built under licence"));
}

#[test]
fn search_disabled_writes_no_index_and_no_field() {
    let t = SiteTest::from_fixture("search/basic");
    let on = built(&t, false);
    let page = String::from_utf8(on["index.html"].clone()).unwrap();
    assert!(page
        .contains("<search class=\"site-search\" hidden data-search-index=\"/sub/search-index/\""));
    assert!(on.contains_key("search.js"));
    t.edit(
        "config.toml",
        "[languages.ja]",
        "[search]\nenabled = false\n\n[languages.ja]",
    );
    let off = built(&t, false);
    assert!(
        !off.keys().any(|k| k.contains("search-index")),
        "an index was written"
    );
    let page = String::from_utf8(off["index.html"].clone()).unwrap();
    assert!(!page.contains("<search") && !page.contains("search.js"));
}

#[test]
fn an_incremental_compile_writes_the_index_a_clean_build_writes() {
    let t = SiteTest::from_fixture("search/basic");
    let opts = BuildOptions {
        root: t.root().to_path_buf(),
        ..Default::default()
    };
    let mut cache = CompileCache::incremental();
    compile_cached(&opts, &mut cache).expect("first compile");
    let path = t.root().join("content/notes/exports.md");
    t.edit("content/notes/exports.md", "restricted", "banned");
    cache.note_changes(Some([path]));
    let changes = kaisetsu::compile_changes(&opts, &mut cache).expect("recompile");
    let changed: Vec<&str> = changes.files.iter().map(|(p, _)| p.as_str()).collect();
    assert!(
        changed.iter().any(|p| p.starts_with("search-index/s/")),
        "{changed:?}"
    );
    let inc: BTreeMap<String, Vec<u8>> = cache_outputs(&opts, &mut cache);
    let clean = built(&t, false);
    let index = |m: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        let idx = m.iter().filter(|(k, _)| k.contains("search-index/"));
        idx.map(|(k, v)| (k.clone(), v.clone())).collect()
    };
    assert_eq!(index(&inc), index(&clean));
    assert_eq!(
        urls(&Index::of(&clean, "").postings("ban")),
        ["/sub/notes/exports/"]
    );
}

/// The site as the cache holds it after its last compile.
fn cache_outputs(opts: &BuildOptions, cache: &mut CompileCache) -> BTreeMap<String, Vec<u8>> {
    let site = compile_cached(opts, cache).expect("cached compile");
    common::file_map(site.files)
}

#[test]
fn a_character_reference_before_wide_characters_is_indexed_without_a_crash() {
    // The index's text reader once cut a reference's text at its twelfth byte: inside 日, the
    // ideographic space or a curly quote from smart punctuation, and the build panicked.
    let t = SiteTest::from_files(&[
        (
            "config.toml",
            "title = \"T\"\nbase_url = \"https://e.org/\"\n",
        ),
        (
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\nTom &&日本 x\n\n<<ab\"quoted\" &&\u{3000}y\n",
        ),
    ]);
    let en = Index::of(&built(&t, false), "");
    let doc = (0..en.urls().len() as u64)
        .find(|&d| en.url(d) == "/a/")
        .expect("the page is indexed");
    let text = en.json(&format!("d/{doc}.json"))["s"][0][2].clone();
    let text = text.as_str().unwrap();
    assert!(text.contains("Tom &&日本 x"), "{text}");
    assert!(text.contains("<<ab“quoted"), "{text}");
    assert!(text.contains(" &&\u{3000}y"), "{text}");
}
