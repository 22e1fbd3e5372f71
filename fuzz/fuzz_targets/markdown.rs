//! The whole Markdown path with glossary linking, citations and link resolution: never panics,
//! term links never nest and never appear inside code, every diagnostic points inside the file.
#![no_main]

use kaisetsu::config::SiteConfig;
use kaisetsu::load::{assemble, doc_from_bytes};
use kaisetsu::markdown::highlight::{HighlightSettings, Highlighter};
use kaisetsu::markdown::{render, RenderContext};
use kaisetsu::resolve::resolve;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const TERMS: &[(&str, &str)] = &[
    ("glossary/sdf.md", "+++\ntitle = \"Self-Defense Forces\"\naliases = [\"SDF\", \"JSDF\"]\nja = \"自衛隊\"\nsummary = \"Forces.\"\n+++\nThe SDF.\n"),
    ("glossary/a9.md", "+++\ntitle = \"Article 9\"\nsummary = \"Clause.\"\n+++\n"),
    ("glossary/tp.md", "+++\ntitle = \"Three Principles\"\nsummary = \"Rules.\"\n+++\n"),
    ("glossary/tpt.md", "+++\ntitle = \"Three Principles on Transfer\"\nja = \"防衛装備移転三原則\"\nsummary = \"New rules.\"\n+++\n"),
    ("other.md", "+++\ntitle = \"Other\"\n+++\n## Anchor\n"),
];

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let page = format!("+++\ntitle = \"Page\"\n[[sources]]\nid = \"s1\"\ntitle = \"T\"\npublisher = \"P\"\ndate = \"\"\nurl = \"u\"\n+++\n{body}");
    let mut docs = Vec::new();
    for (path, text) in TERMS.iter().copied().chain([("page.md", page.as_str())]) {
        if let (Some(d), _) = doc_from_bytes(path, text.as_bytes().to_vec()) {
            docs.push(d);
        }
    }
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
    let r = render(page, cx);
    // Raw HTML passes through verbatim, so a body that itself writes kaisetsu's glossary markup
    // (`<span class="term">`, …) would be counted as generated: check only bodies that do not.
    // Text and code are escaped, so the markup strings below can come from nowhere else.
    if !body.contains("class=\"term") {
        let opens = r.html.matches("<span class=\"term\">").count();
        let closes = r.html.matches("<span class=\"term-tip\"").count();
        assert_eq!(opens, closes);
        // Each term link closes before the next one opens: links never nest.
        for piece in r.html.split("<span class=\"term\">").skip(1) {
            assert!(
                piece.contains("<span class=\"term-tip\""),
                "a term link opened inside another"
            );
        }
        for code in r.html.split("<code").skip(1) {
            let inside = code.split("</code>").next().unwrap_or("");
            assert!(
                !inside.contains("<a class=\"term-ref\""),
                "term linked inside code"
            );
        }
    }
    let lines = page.file.text.lines().count() + 1;
    for d in &r.diagnostics {
        assert!(d.location.line >= 1 && d.location.line <= lines, "{d:?}");
    }
});
