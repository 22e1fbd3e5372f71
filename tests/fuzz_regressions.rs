//! Inputs found by the cargo-fuzz targets in `fuzz/` (see `fuzz/fuzz_targets/`), kept as tests.
//! Each input is stored in `tests/fuzz_inputs/` and goes through the same public API as its
//! fuzz target.

use kaisetsu::config::SiteConfig;
use kaisetsu::load::{assemble, doc_from_bytes};
use kaisetsu::markdown::highlight::{HighlightSettings, Highlighter};
use kaisetsu::markdown::{render, RenderContext, RenderedDoc};
use kaisetsu::resolve::resolve;
use std::path::Path;

fn input(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_inputs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `markdown` target's site: a glossary term, and `page.md` whose body is `body`.
fn render_page(body: &str) -> RenderedDoc {
    let page = format!("+++\ntitle = \"Page\"\n+++\n{body}");
    let files = [
        ("glossary/sdf.md", "+++\ntitle = \"Self-Defense Forces\"\naliases = [\"SDF\"]\nsummary = \"Forces.\"\n+++\n"),
        ("page.md", page.as_str()),
    ];
    let docs = files
        .iter()
        .filter_map(|(path, text)| doc_from_bytes(path, text.as_bytes().to_vec()).0)
        .collect();
    let site = assemble(
        Path::new("/nonexistent"),
        SiteConfig::default(),
        docs,
        Vec::new(),
    );
    let (index, _) = resolve(&site);
    let highlighter = Highlighter::new(HighlightSettings::disabled());
    let cx = RenderContext {
        site: &site,
        index: &index,
        highlighter: &highlighter,
    };
    let page = site
        .docs
        .iter()
        .find(|d| d.content_path == "page.md")
        .expect("page loaded");
    render(page, cx)
}

// Found by fuzzing markdown: a body that itself writes kaisetsu's glossary markup as raw HTML
// (`<span class="term">` after an unclosed backtick) made the target count one term link
// opened and none closed. Not a library bug: raw HTML passes through verbatim and kaisetsu
// added no markup of its own; the target's assertion was fixed to skip such bodies. This pins
// the behaviour the fixed assertion relies on.
#[test]
fn raw_html_with_term_markup_passes_through_without_generated_links() {
    let body = String::from_utf8(input("markdown-user-written-term-markup")).unwrap();
    assert!(body.contains("<span class=\"term\">"));
    let r = render_page(&body);
    assert_eq!(
        r.html.matches("<span class=\"term\">").count(),
        1,
        "{}",
        r.html
    );
    assert!(!r.html.contains("term-tip"), "{}", r.html);
    assert!(!r.html.contains("term-ref"), "{}", r.html);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}
