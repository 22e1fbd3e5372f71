//! See: issue 20 ("Come over from Zola": more grammars). A site with one fenced block per fence
//! name a Zola user writes for the languages syntect's defaults lack (TOML, TypeScript, TSX,
//! Dockerfile, Nix, Zig, Swift, Kotlin, Elixir, Terraform/HCL, Jinja and Tera) highlights each
//! one, keeps the default languages and unknown ones as they were, and a site without code
//! loads no syntaxes at all. The code is the samples of `tests/fixtures/highlight-extra/`
//! (their colours, character by character, are checked in `tests/highlight_colours.rs`).

mod common;

use common::*;
use kaisetsu::markdown::highlight::LoadedSyntaxes;
use kaisetsu::{compile_cached, BuildOptions, CompileCache};
use scraper::{Html, Selector};
use std::collections::BTreeSet;

/// Each fence name and the sample (by extension) its block shows.
const FENCES: &[(&str, &str)] = &[
    ("toml", "toml"),
    ("ts", "ts"),
    ("typescript", "ts"),
    ("tsx", "tsx"),
    ("dockerfile", "dockerfile"),
    ("Dockerfile", "dockerfile"),
    ("nix", "nix"),
    ("zig", "zig"),
    ("swift", "swift"),
    ("kotlin", "kt"),
    ("kt", "kt"),
    ("elixir", "ex"),
    ("ex", "ex"),
    ("terraform", "tf"),
    ("hcl", "tf"),
    ("tf", "tf"),
    ("jinja", "jinja2"),
    ("jinja2", "jinja2"),
    ("tera", "jinja2"),
];

const CONFIG: &str = "title = \"Grammars\"\nbase_url = \"https://example.org/\"\n";

fn sample(ext: &str) -> String {
    let path = repo().join(format!("tests/fixtures/highlight-extra/sample.{ext}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A site whose one page has `body` under a front matter.
fn site(body: &str) -> SiteTest {
    let page = format!("+++\ntitle = \"Code\"\n+++\n\n{body}");
    SiteTest::from_files(&[
        ("config.toml", CONFIG),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n\nHome.\n"),
        ("content/code.md", page.as_str()),
    ])
}

fn build(t: &SiteTest) -> Html {
    let opts = BuildOptions {
        root: t.root().to_path_buf(),
        output: Some(t.public()),
        ..Default::default()
    };
    kaisetsu::build(&opts).expect("builds");
    t.html("code/index.html")
}

fn select(html: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    html.select(&sel).map(|e| e.html()).collect()
}

/// The distinct classes of the spans in the highlighted block of fence name `lang`.
fn span_classes(html: &Html, lang: &str) -> BTreeSet<String> {
    let pre = format!("pre.code[data-lang=\"{lang}\"]");
    let blocks = select(html, &pre);
    assert_eq!(blocks.len(), 1, "one highlighted block for ```{lang}");
    let code = format!("{pre} > code.language-{lang}");
    assert_eq!(select(html, &code).len(), 1, "```{lang}: {}", blocks[0]);
    let spans = Selector::parse(&format!("{code} span")).unwrap();
    html.select(&spans)
        .filter_map(|s| s.value().attr("class").map(str::to_string))
        .collect()
}

#[test]
fn every_fence_name_of_issue_20_highlights() {
    let mut body = String::new();
    for (fence, ext) in FENCES {
        body.push_str(&format!("```{fence}\n{}```\n\n", sample(ext)));
    }
    body.push_str("```rust\nfn main() { let x = 1; }\n```\n\n");
    body.push_str("```nosuchlang\nif a < b && c { }\n```\n\n```\nno language\n```\n");
    let html = build(&site(&body));
    for (fence, _) in FENCES.iter().chain([&("rust", "rs")]) {
        let classes = span_classes(&html, fence);
        assert!(classes.len() > 1, "```{fence}: classes {classes:?}");
    }
    // Every block's text is its code, whole.
    let code = Selector::parse("pre.code > code").unwrap();
    let texts: Vec<String> = html.select(&code).map(|c| c.text().collect()).collect();
    for (i, (_, ext)) in FENCES.iter().enumerate() {
        assert_eq!(texts[i], sample(ext), "block {i}");
    }
    // Unknown languages and blocks without one stay plain and escaped, as before.
    let plain = select(&html, "pre:not(.code) > code");
    assert_eq!(
        plain,
        [
            "<code class=\"language-nosuchlang\">if a &lt; b &amp;&amp; c { }\n</code>",
            "<code>no language\n</code>",
        ]
    );
}

/// The syntax sets the highlighter loaded while compiling a site whose page has `body`.
fn loaded_by(body: &str) -> LoadedSyntaxes {
    let t = site(body);
    let opts = BuildOptions {
        root: t.root().to_path_buf(),
        ..Default::default()
    };
    let mut cache = CompileCache::incremental();
    let compiled = compile_cached(&opts, &mut cache).expect("compiles");
    assert!(compiled.files.iter().any(|f| f.path == "code/index.html"));
    cache.loaded_syntaxes().expect("the highlighter is kept")
}

#[test]
fn syntaxes_load_only_when_a_block_needs_them() {
    let none = LoadedSyntaxes::default();
    assert_eq!(loaded_by("Text, `inline code`.\n"), none, "no code");
    assert_eq!(loaded_by("```\nno language\n```\n"), none, "no language");
    let defaults = LoadedSyntaxes {
        defaults: true,
        extra: false,
    };
    assert_eq!(loaded_by("```rust\nfn f() {}\n```\n"), defaults, "Rust");
    let both = LoadedSyntaxes {
        defaults: true,
        extra: true,
    };
    assert_eq!(loaded_by("```toml\na = 1\n```\n"), both, "TOML");
}
