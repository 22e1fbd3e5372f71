//! Search in a real browser (issue 15): the bundled site built under a sub-path, served as
//! static files, and headless Chromium typing into the header's search field. One browser
//! session runs the whole query table in both languages, the keyboard path, the agreement
//! of the browser's tokenizer with the build's on the site's Japanese text, and axe with the
//! results open in the light and the dark colour scheme.
//!
//! Tools as for `tests/accessibility.rs`: Debian's `chromium` and `chromium-driver`, and
//! axe-core (`npm ci --prefix tools`); `KAISETSU_SKIP_BROWSER=1` skips the test when they are
//! missing.

mod common;

use common::static_server::StaticServer;
use common::tools::{browser_tools, build_bundled, say};
use common::webdriver::Browser;
use kaisetsu::search::postings::name_key;
use kaisetsu::search::tokens::{bigrams, name_shard_of, runs, Run, Tokenizer};
use serde_json::{json, Value};
use std::path::Path;

/// The sub-path the site is built for and served under.
const BASE: &str = "/public/";

/// (query, page that must be among the first three results; `None`: no results). The
/// queries are typed key by key into the field of the language's home page.
const QUERIES: &[(&str, &str, Option<&str>)] = &[
    // English words, stemmed and case-folded.
    ("en", "patriot", Some("glossary/patriot/")),
    (
        "en",
        "Licensed production",
        Some("glossary/licensed-production/"),
    ),
    (
        "en",
        "exported",
        Some("glossary/three-principles-on-arms-exports/"),
    ),
    ("en", "seekers", Some("glossary/seeker/")),
    // A phrase.
    (
        "en",
        "collective self-defense",
        Some("glossary/collective-self-defense/"),
    ),
    (
        "en",
        "three new conditions for the use of force",
        Some("glossary/three-new-conditions/"),
    ),
    // A prefix, as the reader is still typing the last word.
    (
        "en",
        "counterstri",
        Some("glossary/counterstrike-capability/"),
    ),
    ("en", "Mogami-cl", Some("glossary/mogami-class-frigate/")),
    // Term aliases and abbreviations.
    ("en", "PAC-3", Some("glossary/patriot/")),
    ("en", "ASDF", Some("glossary/air-self-defense-force/")),
    (
        "en",
        "FEFTA",
        Some("glossary/foreign-exchange-and-foreign-trade-act/"),
    ),
    // Romaji, with and without its long-vowel marks, and a Japanese name on an English page.
    (
        "en",
        "shudanteki",
        Some("glossary/collective-self-defense/"),
    ),
    (
        "en",
        "senshu bōei",
        Some("glossary/exclusively-defense-oriented-policy/"),
    ),
    (
        "en",
        "集団的自衛権",
        Some("glossary/collective-self-defense/"),
    ),
    // An event.
    (
        "en",
        "constitution promulgated",
        Some("timeline/1946-11-03-constitution-promulgated/"),
    ),
    // Nothing.
    ("en", "xylophonequartz", None),
    // Japanese: a full term, a part of a compound, katakana, a reading, an alias.
    (
        "ja",
        "集団的自衛権",
        Some("ja/glossary/collective-self-defense/"),
    ),
    ("ja", "自衛権", Some("ja/glossary/collective-self-defense/")),
    (
        "ja",
        "専守防衛",
        Some("ja/glossary/exclusively-defense-oriented-policy/"),
    ),
    ("ja", "パトリオット", Some("ja/glossary/patriot/")),
    ("ja", "ペトリオット", Some("ja/glossary/patriot/")),
    ("ja", "じえいたい", Some("ja/glossary/self-defense-forces/")),
    ("ja", "PAC-3", Some("ja/glossary/patriot/")),
    (
        "ja",
        "日本国憲法を公布",
        Some("ja/timeline/1946-11-03-constitution-promulgated/"),
    ),
    ("ja", "存在しないよてい語", None),
];

/// The WebDriver id of the search field.
fn field(browser: &Browser) -> String {
    let v = browser.post(
        &browser.session_path("/element"),
        json!({ "using": "css selector", "value": "#site-search-input" }),
    );
    let id = v["value"].as_object().and_then(|o| o.values().next());
    id.and_then(Value::as_str)
        .expect("the search field")
        .to_string()
}

/// Sends key presses to the search field (WebDriver key codes for special keys).
fn keys(browser: &Browser, field: &str, text: &str) {
    browser.post(
        &browser.session_path(&format!("/element/{field}/value")),
        json!({ "text": text }),
    );
}

/// Clears the field, types `query` and waits for its results; returns the result links'
/// paths and the status line.
fn type_query(browser: &Browser, field: &str, query: &str) -> (Vec<String>, String) {
    browser.js(
        "const i = document.getElementById('site-search-input'); i.value = ''; i.focus();",
        json!([]),
    );
    keys(browser, field, query);
    let done = format!(
        "const s = window.kaisetsuSearch; return s && s.shown === {} && \
         document.querySelector('.site-search-status').textContent",
        json!(query)
    );
    let status = browser.wait_for(&format!("results for {query:?}"), &done);
    let links = browser.js(
        "return [...document.querySelectorAll('#site-search-results [role=option]')]\
           .map(a => new URL(a.href).pathname)",
        json!([]),
    );
    let links = links.as_array().expect("links").iter();
    let paths = links
        .map(|l| l.as_str().unwrap_or("").to_string())
        .collect();
    (paths, status.as_str().unwrap_or("").to_string())
}

fn run_query_table(browser: &Browser, server: &StaticServer) -> usize {
    let mut failures = Vec::new();
    let mut lang = "";
    let mut input = String::new();
    for &(l, query, want) in QUERIES {
        if l != lang {
            lang = l;
            let home = if l == "en" {
                BASE.to_string()
            } else {
                format!("{BASE}{l}/")
            };
            browser.goto(&server.url(&home));
            browser.wait_for(
                "the search field",
                "return !document.querySelector('search').hidden",
            );
            input = field(browser);
        }
        let (paths, status) = type_query(browser, &input, query);
        let top: Vec<&str> = paths
            .iter()
            .take(3)
            .map(|p| p.trim_start_matches(BASE))
            .collect();
        let ok = match want {
            Some(page) => top.contains(&page),
            None => paths.is_empty() && status.contains(query),
        };
        say(&format!("search [{l}] {query:?}: {top:?} ({status})"));
        if !ok {
            failures.push(format!(
                "[{l}] {query:?} wanted {want:?}, got {top:?} ({status})"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "queries that failed:\n{}",
        failures.join("\n")
    );
    QUERIES.len()
}

/// Keyboard only: arrows move the active option, Enter opens it, Esc closes the list.
fn keyboard(browser: &Browser, server: &StaticServer) {
    browser.goto(&server.url(BASE));
    browser.wait_for(
        "the search field",
        "return !document.querySelector('search').hidden",
    );
    let input = field(browser);
    let (paths, _) = type_query(browser, &input, "patriot");
    assert!(paths.len() >= 2, "{paths:?}");
    let active = "const i = document.getElementById('site-search-input'); \
                  const a = i.getAttribute('aria-activedescendant'); \
                  return [i.getAttribute('aria-expanded'), a, a && document.getElementById(a).getAttribute('aria-selected')]";
    assert_eq!(browser.js(active, json!([])), json!(["true", null, null]));
    let pattern = "const i = document.getElementById('site-search-input'); \
                   return [i.type, i.getAttribute('role'), i.getAttribute('aria-controls'), \
                   document.getElementById(i.getAttribute('aria-controls')).getAttribute('role')]";
    let want = json!(["search", "combobox", "site-search-results", "listbox"]);
    assert_eq!(browser.js(pattern, json!([])), want);
    keys(browser, &input, "\u{E015}\u{E015}"); // ArrowDown twice
    let second = browser.js(active, json!([]));
    assert_eq!(second, json!(["true", "site-search-option-1", "true"]));
    keys(browser, &input, "\u{E013}"); // ArrowUp
    assert_eq!(
        browser.js(active, json!([]))[1],
        json!("site-search-option-0")
    );
    keys(browser, &input, "\u{E00C}"); // Escape
    let closed = "return [document.querySelector('.site-search-panel').hidden, \
                  document.getElementById('site-search-input').getAttribute('aria-expanded')]";
    assert_eq!(browser.js(closed, json!([])), json!([true, "false"]));
    keys(browser, &input, "\u{E015}\u{E007}"); // ArrowDown reopens on the first option; Enter
    let want = format!("{BASE}{}", paths[0].trim_start_matches(BASE));
    let script = format!(
        "return location.pathname === {}",
        json!(want.split('#').next())
    );
    browser.wait_for("Enter to open the first result", &script);
}

/// The browser's tokenizer against the build's on every Japanese text of the site: the runs
/// and character pairs (what a query needs) must be identical; the dictionary words (which
/// only add to the score) agree for most runs.
fn tokenizers_agree(browser: &Browser, out: &Path) {
    let tk = Tokenizer::default();
    let mut texts = Vec::new();
    for e in std::fs::read_dir(out.join("ja/search-index/d"))
        .unwrap()
        .flatten()
    {
        let page: Value = serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap();
        texts.push(page["t"].as_str().unwrap().to_string());
        for s in page["s"].as_array().unwrap() {
            texts.push(s[2].as_str().unwrap().to_string());
        }
    }
    let script = "return arguments[0].map(t => { const f = window.kaisetsuSearch.fold(t); \
                  return window.kaisetsuSearch.runs(f).map(r => [r.text, r.cjk, \
                  r.cjk ? window.kaisetsuSearch.bigrams(r.text) : [], \
                  r.cjk ? window.kaisetsuSearch.cjkWords(r.text) : []]); })";
    let theirs = browser.js(script, json!([texts]));
    let keys: Vec<String> = texts.iter().map(|t| name_key(&tk, t)).collect();
    let js_keys = browser.js(
        "return arguments[0].map(t => window.kaisetsuSearch.nameKey(t))",
        json!([texts]),
    );
    assert_eq!(js_keys, json!(keys), "name keys");
    let shards = browser.js(
        "return arguments[0].map(k => window.kaisetsuSearch.nameShardOf(k, 97))",
        json!([keys]),
    );
    let ours: Vec<u32> = keys.iter().map(|k| name_shard_of(k, 97)).collect();
    assert_eq!(shards, json!(ours), "the names file of each key");
    let (mut runs_total, mut words_same) = (0, 0);
    let (mut words_total, mut words_shared) = (0, 0);
    for (text, js) in texts.iter().zip(theirs.as_array().unwrap()) {
        let folded = tk.fold(text);
        let ours: Vec<Value> = runs(&folded)
            .into_iter()
            .map(|r| match r {
                Run::Word(w) => json!([w, false, [], []]),
                Run::Cjk(c) => {
                    let pairs: Vec<String> = bigrams(c).into_iter().map(|t| t.text).collect();
                    let words: Vec<String> = tk.cjk_words(c).into_iter().map(|t| t.text).collect();
                    json!([c, true, pairs, words])
                }
            })
            .collect();
        let js = js.as_array().unwrap();
        assert_eq!(ours.len(), js.len(), "runs of {text:?}");
        for (o, j) in ours.iter().zip(js) {
            let (o3, j3) = (&o.as_array().unwrap()[..3], &j.as_array().unwrap()[..3]);
            assert_eq!(o3, j3, "runs and pairs of {text:?}");
            if o[1] == json!(true) {
                runs_total += 1;
                words_same += usize::from(o[3] == j[3]);
                let (a, b) = (o[3].as_array().unwrap(), j[3].as_array().unwrap());
                let mut theirs: Vec<&Value> = b.iter().collect();
                for w in a {
                    words_total += 1;
                    if let Some(i) = theirs.iter().position(|x| *x == w) {
                        theirs.swap_remove(i);
                        words_shared += 1;
                    }
                }
            }
        }
    }
    let runs_alike = words_same as f64 / runs_total.max(1) as f64;
    let share = words_shared as f64 / words_total.max(1) as f64;
    say(&format!(
        "tokenizers: {} Japanese texts, {runs_total} CJK runs: character pairs identical in all; \
         dictionary words: runs split alike {:.1} %, ICU4X's words also Intl.Segmenter's {:.1} % \
         ({words_shared} of {words_total})",
        texts.len(),
        runs_alike * 100.0,
        share * 100.0
    ));
    assert!(
        runs_total > 1000,
        "too little Japanese text: {runs_total} runs"
    );
    assert!(
        share > 0.9,
        "ICU4X's words are Intl.Segmenter's in {:.1} % of cases",
        share * 100.0
    );
}

/// axe with the results open, light and dark: 0 serious or critical.
fn axe_with_results_open(browser: &Browser, server: &StaticServer, axe_js: &str) {
    let mut serious = Vec::new();
    for scheme in ["light", "dark"] {
        browser.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
        for (home, query) in [
            (BASE.to_string(), "self-defense"),
            (format!("{BASE}ja/"), "自衛権"),
        ] {
            browser.goto(&server.url(&home));
            browser.wait_for(
                "the search field",
                "return !document.querySelector('search').hidden",
            );
            let input = field(browser);
            type_query(browser, &input, query);
            keys(browser, &input, "\u{E015}");
            let open = "return !document.querySelector('.site-search-panel').hidden && \
                        document.querySelectorAll('[role=option][aria-selected=true] mark').length > 0";
            assert_eq!(
                browser.js(open, json!([])),
                json!(true),
                "{home}: results open with marks"
            );
            browser.js(axe_js, json!([]));
            let r = browser.js_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document).then(r => done(r.violations.map(v => [v.impact, v.id, v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')])))
                   .catch(e => done([['error', String(e), '']]));",
            );
            for v in r.as_array().expect("violations") {
                say(&format!("axe {home} ({scheme}, results open): {v}"));
                if matches!(v[0].as_str(), Some("serious" | "critical" | "error")) {
                    serious.push(format!("{home} ({scheme}): {v}"));
                }
            }
        }
    }
    assert!(
        serious.is_empty(),
        "axe with the results open:\n{}",
        serious.join("\n")
    );
}

#[test]
fn search_finds_pages_in_both_languages_by_keyboard_and_passes_axe_with_results_open() {
    let Some(axe_js) = browser_tools("the search browser test") else {
        return;
    };
    let (dir, out) = build_bundled(Some("http://127.0.0.1/public/"));
    let server = StaticServer::start(dir.path().to_path_buf());
    let browser = Browser::launch();
    browser.goto(&server.url(BASE));
    browser.wait_for(
        "the search field",
        "return !document.querySelector('search').hidden",
    );
    let fetched = "return performance.getEntriesByType('resource').filter(e => e.name.includes('search-index')).length";
    assert_eq!(
        browser.js(fetched, json!([])),
        json!(0),
        "the index is fetched before focus"
    );
    browser.js(
        "document.getElementById('site-search-input').focus()",
        json!([]),
    );
    browser.wait_for(
        "meta.json on focus",
        &fetched.replace("length", "length > 0"),
    );
    let n = run_query_table(&browser, &server);
    assert!(n >= 20);
    keyboard(&browser, &server);
    tokenizers_agree(&browser, &out);
    axe_with_results_open(&browser, &server, &axe_js);
}
