//! Keystroke-to-results latency of the site search (issue 15), in headless Chromium on the
//! bundled site: each query is typed one key at a time into the header's field, and for every
//! keystroke the client's own measure is read (`kaisetsuSearch.lastLatency`: from the input
//! event's time stamp to the results being in the page, snippets included). The first pass
//! fetches the shards and page files it needs from a local static server; the second pass
//! types the same queries with the index loaded, which is what the target (100 ms) is about.
//!
//! `cargo bench --bench search_latency`. Needs Debian's `chromium` and `chromium-driver`
//! (without them it says so and exits).

#[allow(dead_code, unreachable_pub)]
#[path = "../tests/common/static_server.rs"]
mod static_server;
#[allow(dead_code, unreachable_pub)]
#[path = "../tests/common/webdriver.rs"]
mod webdriver;

use serde_json::json;
use std::path::Path;
use std::time::Duration;
use webdriver::Browser;

/// (home page, query): words, a phrase, prefixes, names, Japanese.
const QUERIES: &[(&str, &str)] = &[
    ("/", "patriot missiles"),
    ("/", "collective self-defense"),
    ("/", "three principles on arms exports"),
    ("/", "licensed production"),
    ("/", "counterstrike capability"),
    ("/", "shudanteki jieiken"),
    ("/", "PAC-3"),
    ("/ja/", "集団的自衛権"),
    ("/ja/", "防衛装備移転三原則"),
    ("/ja/", "パトリオット"),
    ("/ja/", "武器輸出"),
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Types `query` key by key; returns the latency of each keystroke's results, in ms.
fn type_query(browser: &Browser, field: &str, query: &str) -> Vec<f64> {
    browser.js(
        "const i = document.getElementById('site-search-input'); i.value = ''; i.focus();",
        json!([]),
    );
    let mut typed = String::new();
    let mut out = Vec::new();
    for c in query.chars() {
        typed.push(c);
        browser.post(
            &browser.session_path(&format!("/element/{field}/value")),
            json!({ "text": c.to_string() }),
        );
        if c == ' ' {
            continue; // a space adds no term
        }
        let done = format!(
            "const s = window.kaisetsuSearch; return s.shown === {} && s.lastLatency",
            json!(typed)
        );
        let ms = browser.wait_for(&format!("results for {typed:?}"), &done);
        out.push(ms.as_f64().unwrap_or(f64::NAN));
    }
    out
}

fn field(browser: &Browser) -> String {
    let v = browser.post(
        &browser.session_path("/element"),
        json!({ "using": "css selector", "value": "#site-search-input" }),
    );
    let id = v["value"].as_object().and_then(|o| o.values().next());
    id.and_then(|v| v.as_str())
        .expect("the search field")
        .to_string()
}

/// One pass over every query; returns every keystroke's latency.
fn pass(browser: &Browser, server: &static_server::StaticServer) -> Vec<f64> {
    let mut all = Vec::new();
    let mut home = "";
    let mut input = String::new();
    for &(page, query) in QUERIES {
        if page != home {
            home = page;
            browser.goto(&server.url(page));
            browser.wait_for(
                "the field",
                "return !document.querySelector('search').hidden",
            );
            input = field(browser);
        }
        all.extend(type_query(browser, &input, query));
    }
    all
}

fn summary(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let within = ms.iter().filter(|&&m| m <= 100.0).count();
    println!(
        "  {name}: {} keystrokes, median {:.1} ms, p90 {:.1} ms, max {:.1} ms; within 100 ms: {within}/{}",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.9),
        ms[ms.len() - 1],
        ms.len()
    );
}

fn main() {
    if !Path::new(webdriver::CHROMEDRIVER).exists() || webdriver::chromium_binary().is_none() {
        println!("search_latency: chromium or chromedriver is missing; nothing measured");
        return;
    }
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    };
    let dir = dir.expect("a temporary folder");
    let opts = kaisetsu::BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        output: Some(dir.path().join("public")),
        ..Default::default()
    };
    kaisetsu::build(&opts).expect("the bundled site builds");
    let server = static_server::StaticServer::start(dir.path().join("public"));
    let browser = Browser::launch();
    // Pages may be parsed and scripts compiled before the first keystroke is timed.
    std::thread::sleep(Duration::from_millis(200));
    println!("search latency, bundled site, headless Chromium (keystroke → results in the page):");
    summary("index being fetched (first pass)", pass(&browser, &server));
    summary("index loaded (second pass)", pass(&browser, &server));
}
