//! See: issue 17 ("Compact highlighting"). Every character of a highlighted block looks, in the
//! light and in the dark scheme, exactly as in syntect's own inline-style rendering with the same
//! theme (`highlighted_html_for_string`): same colour, background, bold, italic and underline.
//! One exception, as before issue 17: the block keeps the page's colours, so text in the theme's
//! default foreground shows in the page's text colour (written `page` below).
//! Our side is computed from the HTML and the stylesheet as a browser would (the block's colour,
//! then every rule whose selector matches a span, in order; the dark rules only in dark mode), by
//! a small CSS reader here that refuses any selector it does not understand.
//!
//! The samples are under `tests/fixtures/highlight/`, one per language, named by extension;
//! those of `tests/fixtures/highlight-extra/` (issue 20) are languages syntect's defaults lack,
//! compared with syntect's rendering through two-face's syntaxes.

use kaisetsu::markdown::highlight::{HighlightSettings, Highlighter};
use scraper::{ElementRef, Html, Node, Selector};
use std::path::PathBuf;
use syntect::highlighting::ThemeSet;
use syntect::html::highlighted_html_for_string;
use syntect::parsing::SyntaxSet;

const LIGHT: &str = "InspiredGitHub";
const DARK: &str = "base16-ocean.dark";

/// The page's text colour: what the block has and spans inherit.
const PAGE: &str = "page";

/// How one character is shown.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    color: String,
    background: Option<String>,
    bold: bool,
    italic: bool,
    underline: bool,
}

impl Shown {
    fn page() -> Shown {
        Shown {
            color: PAGE.into(),
            background: None,
            bold: false,
            italic: false,
            underline: false,
        }
    }

    /// Applies one CSS declaration; `inherit` takes the colour of `parent`.
    fn set(&mut self, name: &str, value: &str, parent: &Shown) {
        let value = value.trim().to_string();
        match name.trim() {
            "color" if value == "inherit" => self.color = parent.color.clone(),
            "color" => self.color = value,
            "background-color" => self.background = (value != "transparent").then_some(value),
            "font-weight" => self.bold = value == "bold",
            "font-style" => self.italic = value == "italic",
            "text-decoration" => self.underline = value == "underline",
            other => panic!("unexpected property {other:?}"),
        }
    }

    fn apply(&mut self, declarations: &str, parent: &Shown) {
        for d in declarations.split(';').filter(|d| !d.trim().is_empty()) {
            let (name, value) = d.split_once(':').expect("name: value");
            self.set(name, value, parent);
        }
    }
}

fn samples() -> Vec<(String, String)> {
    samples_in("highlight")
}

/// The samples under `tests/fixtures/<dir>`: (extension, code).
fn samples_in(dir: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let ext = p.extension().unwrap().to_str().unwrap().to_string();
            (ext, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// Each character of the `<pre>` in `html` with the element it sits in.
fn characters<'a>(html: &'a Html, pre: &str) -> Vec<(char, ElementRef<'a>)> {
    let root = html
        .select(&Selector::parse(pre).unwrap())
        .next()
        .expect(pre);
    let mut out = Vec::new();
    for node in root.descendants() {
        if let Node::Text(t) = node.value() {
            let parent = ElementRef::wrap(node.parent().unwrap()).unwrap();
            out.extend(t.chars().map(|c| (c, parent)));
        }
    }
    out
}

/// syntect's inline rendering of `code` with `theme` and the syntaxes of `ss`: every character
/// and how it is shown, the theme's default foreground written as the page's colour.
fn syntect_inline(ss: &SyntaxSet, code: &str, ext: &str, theme: &str) -> Vec<(char, Shown)> {
    let themes = ThemeSet::load_defaults();
    let theme = &themes.themes[theme];
    let fg = theme.settings.foreground.expect("a default foreground");
    let default = format!("#{:02x}{:02x}{:02x}", fg.r, fg.g, fg.b);
    let syntax = ss.find_syntax_by_token(ext).expect("a syntax");
    let html = highlighted_html_for_string(code, ss, syntax, theme).unwrap();
    let html = Html::parse_fragment(&html);
    characters(&html, "pre")
        .into_iter()
        .map(|(c, el)| {
            let mut shown = Shown::page();
            assert_eq!(el.value().name(), "span", "{c:?} outside a span");
            shown.apply(el.value().attr("style").unwrap_or(""), &Shown::page());
            if shown.color == default {
                shown.color = PAGE.into();
            }
            (c, shown)
        })
        .collect()
}

/// A rule of our stylesheet: what it matches and its declarations.
#[derive(Debug)]
enum Target {
    Block,
    AnySpan,
    Prefix(String),
    Suffix(String),
}

/// The rules of `css`, each with whether it sits in the dark-scheme media block.
fn rules(css: &str) -> Vec<(bool, Target, String)> {
    let (light, dark) = css
        .split_once("@media (prefers-color-scheme: dark) {")
        .expect("a dark block");
    let dark = dark
        .trim_end()
        .strip_suffix('}')
        .expect("the media block closes");
    let mut out = Vec::new();
    for (in_dark, part) in [(false, light), (true, dark)] {
        let part = part.split("*/").last().unwrap();
        for rule in part.split('}').filter(|r| !r.trim().is_empty()) {
            let (sel, decl) = rule.split_once('{').expect("selector { declarations }");
            let sel = sel.trim();
            let attr = |op: &str| {
                sel.strip_prefix(&format!(".code span[class{op}\""))
                    .and_then(|s| s.strip_suffix("\"]"))
                    .map(str::to_string)
            };
            let target = match sel {
                ".code" => Target::Block,
                ".code span[class]" => Target::AnySpan,
                _ if attr("^=").is_some() => Target::Prefix(attr("^=").unwrap()),
                _ if attr("$=").is_some() => Target::Suffix(attr("$=").unwrap()),
                _ => panic!("a selector this reader does not know: {sel:?}"),
            };
            out.push((in_dark, target, decl.to_string()));
        }
    }
    out
}

/// Our rendering: every character and how the stylesheet shows it in the scheme.
fn ours(html: &str, css: &str, dark: bool) -> Vec<(char, Shown)> {
    let rules = rules(css);
    let applies = |in_dark: bool| !in_dark || dark;
    let mut block = Shown::page();
    for (_, _, decl) in rules
        .iter()
        .filter(|r| applies(r.0) && matches!(r.1, Target::Block))
    {
        block.apply(decl, &Shown::page());
    }
    let html = Html::parse_fragment(html);
    characters(&html, "pre.code > code")
        .into_iter()
        .map(|(c, el)| {
            if el.value().name() == "code" {
                return (c, block.clone());
            }
            assert_eq!(el.value().name(), "span");
            let class = el.value().attr("class").expect("a span has a class");
            let mut shown = Shown {
                color: block.color.clone(),
                ..Shown::page()
            };
            for (in_dark, target, decl) in &rules {
                let hit = match target {
                    Target::Block => false,
                    Target::AnySpan => true,
                    Target::Prefix(p) => class.starts_with(p.as_str()),
                    Target::Suffix(s) => class.ends_with(s.as_str()),
                };
                if hit && applies(*in_dark) {
                    shown.apply(decl, &block);
                }
            }
            (c, shown)
        })
        .collect()
}

fn highlighter() -> Highlighter {
    Highlighter::new(HighlightSettings {
        enabled: true,
        light_theme: LIGHT.into(),
        dark_theme: DARK.into(),
        cache: None,
    })
}

/// The first character whose look differs, as `line:col char ours != syntect`.
fn first_difference(ours: &[(char, Shown)], theirs: &[(char, Shown)]) -> Option<String> {
    let (mut line, mut col) = (1, 1);
    for ((c, a), (d, b)) in ours.iter().zip(theirs) {
        assert_eq!(c, d, "the texts differ at {line}:{col}");
        if a != b {
            return Some(format!("{line}:{col} {c:?}: ours {a:?}, syntect {b:?}"));
        }
        (line, col) = if *c == '\n' {
            (line + 1, 1)
        } else {
            (line, col + 1)
        };
    }
    None
}

/// Our rendering of each of `samples` against syntect's with the syntaxes of `ss`.
fn assert_looks_as_syntect(ss: &SyntaxSet, samples: &[(String, String)]) {
    let h = highlighter();
    let css = h.stylesheet();
    for (ext, code) in samples {
        let (html, highlighted) = h.highlight(ext, code);
        assert!(highlighted, "{ext} was not highlighted");
        for (dark, theme) in [(false, LIGHT), (true, DARK)] {
            let ours = ours(&html, &css, dark);
            let theirs = syntect_inline(ss, code, ext, theme);
            assert_eq!(ours.len(), code.chars().count(), "{ext}: our text");
            assert_eq!(theirs.len(), code.chars().count(), "{ext}: syntect's text");
            let colours: std::collections::HashSet<_> = theirs.iter().map(|s| &s.1.color).collect();
            assert!(colours.len() >= 3, "{ext} in {theme}: only {colours:?}");
            if let Some(d) = first_difference(&ours, &theirs) {
                panic!("sample.{ext} in {theme}: {d}");
            }
        }
    }
}

#[test]
fn every_character_looks_as_in_syntects_inline_rendering_in_both_schemes() {
    let samples = samples();
    assert!(samples.len() >= 8, "at least 8 languages");
    assert_looks_as_syntect(&SyntaxSet::load_defaults_newlines(), &samples);
}

/// See: issue 20. The new grammars' scopes go through the same looks and stylesheet.
#[test]
fn the_extra_grammars_look_as_in_syntects_rendering_too() {
    let samples = samples_in("highlight-extra");
    assert!(samples.len() >= 11, "the 11 languages of issue 20");
    let defaults = SyntaxSet::load_defaults_newlines();
    for (ext, _) in &samples {
        assert!(defaults.find_syntax_by_token(ext).is_none(), "{ext} is new");
    }
    assert_looks_as_syntect(&two_face::syntax::extra_newlines(), &samples);
}

/// Issue 17 asks for at most 3× the code's bytes. With every colour exact in both schemes a run
/// ends wherever either theme changes look, about every 7 to 10 bytes of dense code, and a span
/// costs 24 bytes (`<span class=0w20>` and `</span>`): only the sparser samples (YAML, SQL)
/// reach 3×. This bounds what we reach (all samples together 3.94× when written), so that a
/// regression shows; the old classed HTML was about 25× (see the README).
#[test]
fn a_highlighted_block_stays_within_its_measured_size() {
    let h = highlighter();
    let (mut code_bytes, mut html_bytes) = (0, 0);
    for (ext, code) in samples() {
        let (html, _) = h.highlight(&ext, &code);
        let ratio = html.len() as f64 / code.len() as f64;
        eprintln!(
            "sample.{ext}: {} bytes of code, {} of HTML ({ratio:.2}×)",
            code.len(),
            html.len()
        );
        assert!(ratio <= 6.5, "sample.{ext}: {ratio:.2}× its code");
        if matches!(ext.as_str(), "yaml" | "sql") {
            assert!(ratio <= 3.0, "sample.{ext}: {ratio:.2}× its code");
        }
        code_bytes += code.len();
        html_bytes += html.len();
    }
    let ratio = html_bytes as f64 / code_bytes as f64;
    assert!(ratio <= 4.0, "all samples: {ratio:.2}× their code");
}

#[test]
fn runs_that_look_the_same_share_one_span_and_plain_text_has_none() {
    let h = highlighter();
    // A comment over two lines is one run; the identifiers and spaces around `=` are plain.
    let (html, _) = h.highlight("py", "# one\n# two\nx = 1\n");
    let spans = html.matches("<span").count();
    assert!(html.contains("# one\n# two\n</span>"), "{html}");
    assert!(html.contains(">x <span"), "{html}");
    assert_eq!(spans, 3, "comment, `=`, `1`: {html}");
}
